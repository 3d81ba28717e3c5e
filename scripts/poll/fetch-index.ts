/**
 * Step 0 (feed-format §polling): the conditional GET of the group index, capped at the index
 * size limit (§limits). The validators of the last accepted response are sent only when the
 * mirror is complete, so a damaged mirror is repaired from a full answer.
 */
import type { FeedLocation } from './feed-location.js';
import type { FetchResult, Fetcher } from './fetcher.js';
import type { PollState } from './state.js';

export async function fetchIndex(
  fetcher: Fetcher,
  location: FeedLocation,
  state: PollState | undefined,
  options: { maxIndexBytes: number; conditional: boolean },
): Promise<FetchResult> {
  const request: Parameters<Fetcher['fetch']>[0] = { url: location.index, maxBytes: options.maxIndexBytes, tooLargeCode: 'INDEX_TOO_LARGE' };
  if (options.conditional && state !== undefined) {
    if (state.etag !== undefined) request.etag = state.etag;
    if (state.lastModified !== undefined) request.lastModified = state.lastModified;
  }
  return fetcher.fetch(request);
}
