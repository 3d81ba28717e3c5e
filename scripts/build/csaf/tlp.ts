/**
 * TLP labels for CSAF 2.0 `document.distribution.tlp.label`.
 *
 * The program names a TLP 2.0 label per tier (CLEAR, GREEN, AMBER, AMBER+STRICT, RED). CSAF 2.0's
 * schema (§3.2.1.5.2) only knows the TLP 1.0 set WHITE, GREEN, AMBER, RED, so the two labels TLP 2.0
 * introduced are mapped to their nearest 1.0 equivalent: CLEAR -> WHITE (same meaning) and
 * AMBER+STRICT -> AMBER (AMBER+STRICT is AMBER without the "and its clients" clause, so AMBER is the
 * closest label that is never *less* restrictive in tools that only know TLP 1.0). The exact 2.0
 * label is kept in `distribution.text`. docs/public-outputs.md, "TLP".
 */
import { csafError } from './codes.js';

export type CsafTlpLabel = 'WHITE' | 'GREEN' | 'AMBER' | 'RED';

const TO_CSAF: Record<string, CsafTlpLabel> = {
  CLEAR: 'WHITE',
  WHITE: 'WHITE',
  GREEN: 'GREEN',
  AMBER: 'AMBER',
  'AMBER+STRICT': 'AMBER',
  RED: 'RED',
};

/** Normalises `tlp:amber+strict`, `TLP:CLEAR`, `red` to the TLP 2.0 spelling (upper case, no prefix). */
export function normaliseTlp(label: string): string {
  return label.trim().toUpperCase().replace(/^TLP:\s*/, '');
}

/** The CSAF 2.0 label for a TLP 1.0 or 2.0 label; throws CSAF_TLP_INVALID for anything else. */
export function toCsafTlp(label: string): CsafTlpLabel {
  const csaf = TO_CSAF[normaliseTlp(label)];
  if (csaf === undefined) {
    throw csafError('CSAF_TLP_INVALID', `Expected a TLP label (CLEAR, GREEN, AMBER, AMBER+STRICT, RED), got "${label}"`, {
      hint: 'Set `tlp` of the tier in partners/program.yaml to a TLP 2.0 label.',
    });
  }
  return csaf;
}
