/** The one-line summary `check` prints for valid content. */
import type { Content } from './types.js';

/** e.g. `10 advisories (public 6, partner 3, poc 1); 6 partners (partners 4, partners-poc 2); 7 usable keys`. */
export function summarizeContent(content: Content): string {
  const perTier = content.program.tiers.map((t) => `${t.name} ${content.advisories.filter((a) => a.tier === t.name).length}`);
  const active = content.partners.filter((p) => p.status === 'active');
  const perGroup = content.program.groups.filter((g) => !g.public).map((g) => `${g.id} ${active.filter((p) => p.groups.includes(g.id)).length}`);
  const inactive = content.partners.length - active.length;
  const keys = content.partners.flatMap((p) => p.keys).filter((k) => k.usable).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    `${plural(content.advisories.length, 'advisory').replace('advisorys', 'advisories')} (${perTier.join(', ')})`,
    `${plural(active.length, 'active partner')} (${perGroup.join(', ')})${inactive > 0 ? `, ${inactive} suspended or removed` : ''}`,
    plural(keys, 'usable key'),
  ].join('; ');
}
