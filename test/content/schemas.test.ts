/**
 * scripts/content/schemas.ts: each schema is a valid JSON Schema (draft-07, Ajv's meta-schema).
 * check-shape.ts compiles them without validating them first (validateSchema: false, ~45 ms of
 * every run), so this is where a malformed schema is caught; a strict compile also refuses
 * unknown keywords.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import AjvModule from 'ajv';
import { advisorySchema, partnerSchema, programSchema } from '../../scripts/content/schemas.js';

test('every content schema is valid against the meta-schema, and compiles strictly', () => {
  const ajv = new AjvModule.default({ strict: true, allowUnionTypes: true, validateSchema: true });
  for (const [name, schema] of Object.entries({ advisorySchema, partnerSchema, programSchema })) {
    assert.ok(ajv.validateSchema(schema), `${name}: ${ajv.errorsText(ajv.errors)}`);
    assert.type(ajv.compile(schema), 'function', name);
  }
  assert.not.ok(ajv.validateSchema({ type: 'object', required: 'id' }), 'a malformed schema is refused');
});

test.run();
