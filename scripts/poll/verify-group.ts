/**
 * Step §8.4 (feed-format): the signed index names the group this poller follows. A
 * publisher signs every group's index with the same key, so a CDN could serve group B's index
 * under group A's URL to a member of both; the signed group id stops that.
 */
import type { GroupIndex } from '../feed/format.js';
import { pollError } from './errors.js';

export function verifyGroup(index: GroupIndex, expected: string): GroupIndex {
  if (index.group !== expected) {
    throw pollError('GROUP_MISMATCH', `Expected the index of group "${expected}", got the index of group "${index.group}".`, {
      hint: 'The server serves another group\'s index at this URL: check --feed/--group and tell the publisher.',
    });
  }
  return index;
}
