/**
 * Runs a JSON Schema over parsed YAML and turns ajv's errors into content problems at the line of
 * the offending key: FIELD_UNKNOWN (with "did you mean"), FIELD_MISSING, FIELD_INVALID.
 */
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { describe, type Problems } from './problems.js';
import type { ParsedYaml } from './parse-yaml.js';

const Ajv = AjvModule.default;
// validateSchema: false: our schemas are checked against the JSON Schema meta-schema by the tests
// (test/content/schemas.test.ts), not by compiling the meta-schema first in every run (~45 ms).
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, validateSchema: false });
const compiled = new Map<object, ValidateFunction>();

/**
 * Adds a problem per schema violation in `data`. Returns 'valid', 'extra' (only unknown fields: the
 * known ones are well-typed, so later checks can still run) or 'invalid'.
 */
export function checkShape(schema: object, data: unknown, file: string, lineOf: ParsedYaml['lineOf'], problems: Problems): 'valid' | 'extra' | 'invalid' {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(data)) return 'valid';
  let onlyUnknown = true;
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const problem = toProblem(error);
    if (problem === undefined) continue;
    const key = `${problem.path.join('/')}`;
    if (seen.has(key)) continue; // one problem per field: the first ajv error is the telling one
    seen.add(key);
    if (problem.code !== 'FIELD_UNKNOWN') onlyUnknown = false;
    problems.add(problem.code, problem.message, { path: file, line: lineOf(problem.path), ...(problem.hint === undefined ? {} : { hint: problem.hint }) });
  }
  return onlyUnknown ? 'extra' : 'invalid';
}

interface Mapped {
  code: 'FIELD_UNKNOWN' | 'FIELD_MISSING' | 'FIELD_INVALID';
  path: (string | number)[];
  message: string;
  hint?: string;
}

function toProblem(error: ErrorObject): Mapped | undefined {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const where = path.length === 0 ? 'the front matter' : `\`${path.join('.')}\``;
  const parent = error.parentSchema as { description?: string; properties?: Record<string, unknown> } | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(parent?.properties ?? {});
      const guess = known.length > 0 ? closest(field, known) : undefined;
      const near = guess !== undefined && distance(field, guess) <= Math.max(2, Math.floor(field.length / 3));
      return {
        code: 'FIELD_UNKNOWN',
        path: [...path, field],
        message: `Expected one of the known fields in ${where}, got \`${field}\`${near ? ` (did you mean \`${guess}\`?)` : ''}`,
        hint: near ? `Rename it to \`${guess}\`` : `Known fields: ${known.join(', ')}`,
      };
    }
    case 'required': {
      const field = String((error.params as { missingProperty: string }).missingProperty);
      return { code: 'FIELD_MISSING', path, message: `Expected field \`${field}\` in ${where}, got nothing`, hint: `Add \`${field}:\`` };
    }
    default: {
      const expected = parent?.description ?? error.message ?? 'a valid value';
      return { code: 'FIELD_INVALID', path, message: `Expected ${where} to be ${expected}, got ${describe(error.data)}` };
    }
  }
}
