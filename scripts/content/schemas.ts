/**
 * The shape of each file, as JSON Schema (checked with ajv). Shape only: types, required fields,
 * unknown fields and patterns. Meaning (known tiers, date order, keys) is checked in code after.
 * `description` doubles as the "Expected ..." text of FIELD_INVALID messages.
 */
const text = (description: string, maxLength = 200) => ({ type: 'string', minLength: 1, maxLength, description });
/** One line of text: titles end up in feed listings, file metadata and mail subjects. */
const line = (description: string, maxLength = 200) => ({ ...text(description, maxLength), pattern: '^[^\\r\\n]*$' });
const list = (items: object, description: string) => ({ type: 'array', items, description });
/** Dates are checked by parseDate (DATE_INVALID), so the schema accepts any scalar there. */
const date = { description: 'a date' };

export const ADVISORY_ID = /^ADV-[0-9]{4}-[0-9]{4,6}$/;
export const PARTNER_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** Tier names: lower-case words or TLP 2.0 labels such as `AMBER+STRICT`. */
export const TIER_NAME = /^[A-Za-z][A-Za-z0-9+_-]{0,31}$/;
export const KEY_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.asc$/;

export const advisorySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'summary', 'severity', 'products', 'tier', 'status'],
  properties: {
    id: { type: 'string', pattern: ADVISORY_ID.source, description: 'an id like `ADV-2025-0042`' },
    title: line('a one-line title (1-200 characters)'),
    summary: text('a summary of 1-2000 characters', 2000),
    severity: { enum: ['critical', 'high', 'medium', 'low', 'none'], description: 'one of critical, high, medium, low, none' },
    cvss: {
      type: ['string', 'object'],
      description: 'a CVSS vector string or `{ vector, score }`',
      additionalProperties: false,
      required: ['vector'],
      properties: { vector: { type: 'string', description: 'a CVSS vector string' }, score: { type: 'number', description: 'a number 0.0-10.0' } },
    },
    cve: list({ type: 'string', pattern: '^CVE-[0-9]{4}-[0-9]{4,19}$', description: 'a CVE id like `CVE-2025-12345`' }, 'a list of CVE ids'),
    products: {
      ...list(
        {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'affected'],
          description: 'a product `{ name, affected, fixed }`',
          properties: { name: text('a product name'), affected: text('a version range such as `>= 4.0, < 4.2.3`'), fixed: text('the first fixed version(s)') },
        },
        'a list of products',
      ),
      minItems: 1,
    },
    tier: { type: 'string', description: 'a tier name' },
    release: { type: 'object', description: 'a mapping of tier name to date', additionalProperties: date },
    revisions: list(
      { type: 'object', additionalProperties: false, required: ['date', 'note'], description: 'a revision `{ date, note }`', properties: { date, note: line('a one-line note', 500) } },
      'a list of revisions',
    ),
    status: { enum: ['draft', 'published', 'withdrawn'], description: 'one of draft, published, withdrawn' },
    withdrawn_reason: text('the reason for withdrawal', 1000),
    credits: list(text('a name'), 'a list of names'),
    references: list(
      {
        type: 'object',
        additionalProperties: false,
        required: ['url'],
        description: 'a reference `{ url, title }`',
        properties: { url: { type: 'string', pattern: '^https?://[^\\s]+$', description: 'an http(s) URL' }, title: text('a title') },
      },
      'a list of references',
    ),
  },
} as const;

export const partnerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'contact', 'groups', 'status', 'keys'],
  properties: {
    id: { type: 'string', pattern: PARTNER_ID.source, description: 'a lower-case id like `acme-cert` (letters, digits, -)' },
    name: text('an organisation name'),
    contact: { type: 'string', pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', description: 'an e-mail address' },
    groups: list({ type: 'string', description: 'a group id' }, 'a list of group ids'),
    status: { enum: ['active', 'suspended', 'removed'], description: 'one of active, suspended, removed' },
    status_date: date,
    status_reason: text('the reason for the status', 1000),
    keys: list({ type: 'string', description: 'a key file name in partners/keys/' }, 'a list of key file names'),
  },
} as const;

const duration = { type: ['string', 'integer'], description: 'a duration such as `7d`, `36h` or seconds' };

export const programSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['publisher', 'tiers', 'groups', 'feed'],
  properties: {
    publisher: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'namespace', 'contact', 'url'],
      description: 'the publisher `{ name, namespace, contact, url, key }`',
      properties: {
        name: text('the publisher name'),
        namespace: { type: 'string', pattern: '^https://', description: 'an https URL (CSAF publisher namespace)' },
        contact: text('a contact address'),
        url: { type: 'string', pattern: '^https?://', description: 'the feed base URL' },
        key: { type: 'string', description: 'the path of the publisher public key' },
      },
    },
    tiers: {
      ...list(
        {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'tlp'],
          description: 'a tier `{ name, tlp }`',
          properties: {
            name: { type: 'string', pattern: TIER_NAME.source, description: 'a tier name (letters, digits, + _ -)' },
            tlp: { enum: ['CLEAR', 'WHITE', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'], description: 'a TLP label' },
            description: text('a description', 500),
          },
        },
        'a list of tiers, lowest first',
      ),
      minItems: 1,
    },
    groups: list(
      {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'tiers'],
        description: 'a group `{ id, name, tiers, public }`',
        properties: {
          id: { type: 'string', pattern: PARTNER_ID.source, description: 'a lower-case group id' },
          name: text('a group name'),
          tiers: { ...list({ type: 'string', description: 'a tier name' }, 'a list of tier names'), minItems: 1 },
          public: { type: 'boolean', description: 'true or false' },
          description: text('a description', 500),
        },
      },
      'a list of groups',
    ),
    feed: {
      type: 'object',
      additionalProperties: false,
      required: ['expires_after', 'grace_after'],
      description: 'feed settings `{ expires_after, grace_after }`',
      properties: { expires_after: duration, grace_after: duration },
    },
  },
} as const;
