/**
 * CVSS v3.0/v3.1 base vectors: validation and the base score, computed as the specification says
 * (CVSS v3.1 specification §7.1 base equations, Appendix A Roundup) so files cannot drift from it.
 */

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR: { N: 0.85, L: 0.62, H: 0.27 },
  UI: { N: 0.85, R: 0.62 },
  S: { U: 0, C: 0 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
} as const;
type BaseMetric = keyof typeof WEIGHTS;

/** Temporal and environmental metrics: allowed after the base ones, not scored here. */
const OTHER: Record<string, string[]> = {
  E: ['X', 'U', 'P', 'F', 'H'],
  RL: ['X', 'O', 'T', 'W', 'U'],
  RC: ['X', 'U', 'R', 'C'],
  CR: ['X', 'L', 'M', 'H'],
  IR: ['X', 'L', 'M', 'H'],
  AR: ['X', 'L', 'M', 'H'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'],
  MC: ['X', 'N', 'L', 'H'],
  MI: ['X', 'N', 'L', 'H'],
  MA: ['X', 'N', 'L', 'H'],
};

export const CVSS_EXPECTED = 'a CVSS v3 vector such as `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`';

/** The base score of a valid vector, or a string saying what is wrong with it. */
export function cvssBaseScore(vector: string): number | string {
  const parts = vector.split('/');
  const version = parts.shift();
  if (version !== 'CVSS:3.1' && version !== 'CVSS:3.0') return `unknown prefix ${JSON.stringify(version ?? '')}`;
  const seen = new Map<string, string>();
  for (const part of parts) {
    const [name, value, extra] = part.split(':');
    if (name === undefined || value === undefined || extra !== undefined) return `malformed metric ${JSON.stringify(part)}`;
    if (seen.has(name)) return `metric ${name} given twice`;
    const allowed = name in WEIGHTS ? Object.keys(WEIGHTS[name as BaseMetric]) : OTHER[name];
    if (allowed === undefined) return `unknown metric ${name}`;
    if (!allowed.includes(value)) return `${name}:${value} is not one of ${allowed.join(', ')}`;
    seen.set(name, value);
  }
  const missing = (Object.keys(WEIGHTS) as BaseMetric[]).filter((m) => !seen.has(m));
  if (missing.length > 0) return `missing base metric ${missing.join(', ')}`;
  const w = (m: BaseMetric): number => (WEIGHTS[m] as Record<string, number>)[seen.get(m) as string] as number;
  const changed = seen.get('S') === 'C';
  // §7.1: Privileges Required weighs more when the scope changes.
  const pr = changed ? ({ N: 0.85, L: 0.68, H: 0.5 } as Record<string, number>)[seen.get('PR') as string] as number : w('PR');
  const iss = 1 - (1 - w('C')) * (1 - w('I')) * (1 - w('A'));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * w('AV') * w('AC') * pr * w('UI');
  if (impact <= 0) return 0;
  const roundUp = version === 'CVSS:3.1' ? roundUp31 : (x: number) => Math.ceil(x * 10) / 10;
  return roundUp(Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
}

/** CVSS v3.1 Appendix A: round up to one decimal without floating-point surprises. */
function roundUp31(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}
