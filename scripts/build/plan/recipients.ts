/**
 * Who a group's files are encrypted to (pure; feed-format §5.1): every usable key of every active member. Suspended
 * and removed members and unusable keys are left out with a warning; the caller decides whether an
 * empty list is an error (it is, except for the public group).
 */
import type { Group, Partner, PartnerKey } from '../../content/types.js';
import type { BuildWarning } from '../warnings.js';

export interface Recipient {
  partner: string;
  key: PartnerKey;
}

export function recipientsFor(group: Group, partners: Partner[], warnings: BuildWarning[]): Recipient[] {
  const byFingerprint = new Map<string, Recipient>();
  for (const partner of partners) {
    if (!partner.groups.includes(group.id)) continue;
    if (partner.status !== 'active') {
      warnings.push({
        code: 'PARTNER_INACTIVE',
        message: `Partner ${partner.id} is ${partner.status}: left out of group ${group.id}`,
        path: partner.source.path,
      });
      continue;
    }
    for (const key of partner.keys) {
      if (!key.usable) {
        warnings.push({
          code: 'KEY_UNUSABLE',
          message: `Key ${key.fingerprint} of partner ${partner.id} is not usable (${key.problem ?? 'no reason given'}): left out of group ${group.id}`,
          path: key.path,
        });
        continue;
      }
      if (!byFingerprint.has(key.fingerprint)) byFingerprint.set(key.fingerprint, { partner: partner.id, key });
    }
  }
  return [...byFingerprint.values()].sort((a, b) => (a.key.fingerprint < b.key.fingerprint ? -1 : 1));
}
