/** Runs the CSAF 2.0 strict schema test and every mandatory test of csaf-validator-lib. */
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js';
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js';

/** Error lines `test: instancePath message`; empty when the document is valid. */
export async function csafErrors(document: unknown): Promise<string[]> {
  const result = await validateStrict([csaf_2_0_strict, ...Object.values(mandatory)], document);
  return result.tests.flatMap((t) => t.errors.map((e) => `${t.name}: ${e.instancePath} ${e.message}`));
}
