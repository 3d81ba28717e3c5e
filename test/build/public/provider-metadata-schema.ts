/**
 * The required shape of CSAF 2.0 provider-metadata.json (CSAF 2.0 §7.1.7 and its provider JSON
 * schema), written from the spec for this suite: required keys, the role and version enums, the
 * URL patterns, and the OpenPGP key entries.
 */
export const PROVIDER_METADATA = {
  type: 'object',
  required: ['canonical_url', 'last_updated', 'list_on_CSAF_aggregators', 'mirror_on_CSAF_aggregators', 'metadata_version', 'publisher', 'role'],
  additionalProperties: false,
  properties: {
    canonical_url: { type: 'string', format: 'uri', pattern: '/provider-metadata\\.json$' },
    distributions: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', minProperties: 1, properties: { directory_url: { type: 'string', format: 'uri' }, rolie: { type: 'object' } }, additionalProperties: false },
    },
    last_updated: { type: 'string', format: 'date-time' },
    list_on_CSAF_aggregators: { type: 'boolean' },
    metadata_version: { enum: ['2.0'] },
    mirror_on_CSAF_aggregators: { type: 'boolean' },
    public_openpgp_keys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['url'],
        properties: { fingerprint: { type: 'string', pattern: '^[0-9a-fA-F]{40,}$' }, url: { type: 'string', format: 'uri' } },
        additionalProperties: false,
      },
    },
    publisher: {
      type: 'object',
      required: ['category', 'name', 'namespace'],
      properties: {
        category: { enum: ['coordinator', 'discoverer', 'other', 'translator', 'user', 'vendor'] },
        contact_details: { type: 'string', minLength: 1 },
        issuing_authority: { type: 'string', minLength: 1 },
        name: { type: 'string', minLength: 1 },
        namespace: { type: 'string', format: 'uri' },
      },
      additionalProperties: false,
    },
    role: { enum: ['csaf_publisher', 'csaf_provider', 'csaf_trusted_provider'] },
  },
};
