/**
 * Step §8.1 (feed-format): the conditional GET of the group index, capped at the index size
 * limit (§3.4). If-None-Match with the ETag, If-Modified-Since only when there is no ETag. The validators of the last accepted response are sent only when the
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
    else if (state.lastModified !== undefined) request.lastModified = state.lastModified;
  }
  return fetcher.fetch(request);
}
