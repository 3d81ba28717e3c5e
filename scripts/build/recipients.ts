/**
 * Stage `recipients`: starts working out, for each members' group of the plan, its recipient set
 * (feed-format §5.1) on the keyring's thread, and returns at once; `seal` awaits them. The keys are
 * judged at one moment for the whole build (the clock's, not --now: a key that expired since
 * --now must not be encrypted to), so each key is checked once however many groups it is in.
 *
 * Groups that will seal something (seal/will-seal.ts: a changed view, another recipient set, an
 * index due) also have their recipient header started there, ahead of the seal stage; the others
 * get one only if the seal stage asks for their sealer.
 */
import { need, type BuildContext } from './context.js';
import { willSeal } from './seal/will-seal.js';

export function recipients(ctx: BuildContext): void {
  const keyring = need(ctx, 'keyring');
  const previous = need(ctx, 'previous').state;
  const { expiresAfter } = need(ctx, 'content').program.feed;
  const { now } = ctx.options;
  const keyTime = new Date();
  const sets: NonNullable<BuildContext['recipients']> = new Map();
  for (const { group, recipients: members, views } of need(ctx, 'plan').groups) {
    if (group.public) continue;
    const set = keyring.recipients(members.map(({ key }) => ({ armored: key.armored, path: key.path })), keyTime);
    set.then((made) => {
      if (willSeal({ views, previous: previous?.groups[group.id], recipientsId: made.recipientsId, now, expiresAfter })) made.prepare();
    }).catch(() => undefined); // awaited by seal; a failure before it is not news
    sets.set(group.id, set);
  }
  ctx.recipients = sets;
}
