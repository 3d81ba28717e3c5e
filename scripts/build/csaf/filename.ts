/**
 * CSAF 2.0 §5.1 file names: the tracking id in lower case, every run of characters other than
 * `+`, `-`, `a-z`, `0-9` replaced by one `_`, then `.json` (`ADV-2025/0042` -> `adv-2025_0042.json`).
 */
export function csafFilename(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
}
