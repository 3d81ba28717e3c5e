import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDate } from '../../scripts/content/index.js';

test('a day means 00:00 UTC', () => assert.is(parseDate('2025-07-08'), '2025-07-08T00:00:00Z'));
test('an offset is converted to UTC', () => assert.is(parseDate('2025-07-08T17:00:00+02:00'), '2025-07-08T15:00:00Z'));
test('Z and fractions are accepted', () => assert.is(parseDate('2025-07-08T17:00:00.5Z'), '2025-07-08T17:00:00Z'));
test('refuses a time without offset (would depend on the build machine)', () => assert.is(parseDate('2025-07-08T17:00'), undefined));
test('refuses impossible dates and times', () => {
  for (const bad of ['2025-02-30', '2025-13-01', '2025-07-08T24:00:00Z', '2025-07-08T10:61:00Z', '20250708', 'tomorrow']) assert.is(parseDate(bad), undefined, bad);
});
test('refuses non-strings (a YAML number or list)', () => assert.is(parseDate(20250708), undefined));

test.run();
