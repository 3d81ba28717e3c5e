/**
 * toCsaf's last step (index.ts): object keys in alphabetical order, recursively (CSAF optional
 * test 6.2.13); arrays keep their order. What is already in order is returned as it is, not
 * copied, and checking it allocates nothing: the builders of csaf/ write every object's keys in
 * order, so in a cold build at 10,000 advisories this pass costs ~0.25 s of the main thread
 * (copying every object cost ~1.5 s; a check that allocated per object, with a third of the
 * objects built out of order, ~1.1 s). Values are never modified: what a document shares with
 * its view is frozen.
 */
export function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = sortKeys(value[i]);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = (keys[i - 1] as string) < (keys[i] as string);
  let items: unknown[] | undefined;
  for (let i = 0; i < keys.length; i++) {
    const before = record[keys[i] as string];
    const after = sortKeys(before);
    if (after !== before) (items ??= keys.map((key) => record[key]))[i] = after;
  }
  if (inOrder && items === undefined) return value;
  const entries = keys.map((key, i): [string, unknown] => [key, items === undefined ? record[key] : items[i]]);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1))); // keys are distinct
}
