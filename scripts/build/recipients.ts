/**
 * Stage `recipients`: starts working out, for each members' group of the plan, its recipient set
 * (feed-format §5.1) on the keyring's thread, and returns at once; `seal` awaits them. The keys are
 * judged at one moment for the whole build (the clock's, not --now: a key that expired since
 * --now must not be encrypted to), so each key is checked once however many groups it is in.
 */
import { need, type BuildContext } from './context.js';

export function recipients(ctx: BuildContext): void {
  const keyring = need(ctx, 'keyring');
  const keyTime = new Date();
  const sets: NonNullable<BuildContext['recipients']> = new Map();
  for (const { group, recipients: members } of need(ctx, 'plan').groups) {
    if (group.public) continue;
    const set = keyring.recipients(members.map(({ key }) => ({ armored: key.armored, path: key.path })), keyTime);
    set.catch(() => undefined); // awaited by seal; a failure before it is not news
    sets.set(group.id, set);
  }
  ctx.recipients = sets;
}
