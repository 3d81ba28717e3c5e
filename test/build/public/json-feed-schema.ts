/**
 * JSON Schema for JSON Feed 1.1, written from https://www.jsonfeed.org/version/1.1/ (there is no
 * official schema). Strict on purpose: unknown keys are errors except `_extensions` (spec,
 * "Extensions"), so a typo in a key name fails the test instead of being ignored by readers.
 */
const author = {
  type: 'object',
  minProperties: 1, // "must include at least one" of name, url, avatar
  properties: { name: { type: 'string' }, url: { type: 'string', format: 'uri' }, avatar: { type: 'string', format: 'uri' } },
  additionalProperties: false,
  patternProperties: { '^_': {} },
};

const item = {
  type: 'object',
  required: ['id'],
  // "content_html and content_text are each optional strings — but one or the other must be present."
  anyOf: [{ required: ['content_html'] }, { required: ['content_text'] }],
  properties: {
    id: { type: 'string', minLength: 1 },
    url: { type: 'string', format: 'uri' },
    external_url: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    content_html: { type: 'string' },
    content_text: { type: 'string' },
    summary: { type: 'string' },
    image: { type: 'string', format: 'uri' },
    banner_image: { type: 'string', format: 'uri' },
    date_published: { type: 'string', format: 'date-time' }, // RFC 3339
    date_modified: { type: 'string', format: 'date-time' },
    authors: { type: 'array', items: author },
    tags: { type: 'array', items: { type: 'string' } },
    language: { type: 'string' },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['url', 'mime_type'],
        properties: {
          url: { type: 'string', format: 'uri' },
          mime_type: { type: 'string' },
          title: { type: 'string' },
          size_in_bytes: { type: 'number' },
          duration_in_seconds: { type: 'number' },
        },
      },
    },
  },
  patternProperties: { '^_': {} },
  additionalProperties: false,
};

export const JSON_FEED_1_1 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['version', 'title', 'items'],
  properties: {
    version: { const: 'https://jsonfeed.org/version/1.1' },
    title: { type: 'string', minLength: 1 },
    home_page_url: { type: 'string', format: 'uri' },
    feed_url: { type: 'string', format: 'uri' },
    description: { type: 'string' },
    user_comment: { type: 'string' },
    next_url: { type: 'string', format: 'uri' },
    icon: { type: 'string', format: 'uri' },
    favicon: { type: 'string', format: 'uri' },
    authors: { type: 'array', items: author },
    language: { type: 'string' },
    expired: { type: 'boolean' },
    hubs: { type: 'array', items: { type: 'object', required: ['type', 'url'], properties: { type: { type: 'string' }, url: { type: 'string', format: 'uri' } } } },
    items: { type: 'array', items: item },
  },
  patternProperties: { '^_': {} },
  additionalProperties: false,
};
