/**
 * Where a group's feed lives. `--feed` names the group folder (`.../groups/<group>/`) or its
 * index (`.../groups/<group>/index.pgp`), as a URL (http, https, file) or a plain path; the group
 * id is the folder's name (feed-format: output layout) unless `--group` says otherwise.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { GROUP_ID } from '../feed/paths.js';

export interface FeedLocation {
  /** The group folder, always ending in `/`; item paths resolve against it. */
  base: URL;
  /** `<base>index.pgp`. */
  index: URL;
  /** The group id the signed index must name. */
  group: string;
}


export const INDEX_FILE = 'index.pgp';

/**
 * Resolves `--feed` (and optional `--group`) to URLs. Throws a plain Error with a usage message
 * when the input cannot be a feed location; the CLI turns it into a usage error (exit 2).
 */
export function locateFeed(feed: string, group: string | undefined, cwd: string): FeedLocation {
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(feed) || feed.startsWith('file:')) {
    try {
      url = new URL(feed);
    } catch {
      throw new Error(`--feed is not a valid URL: ${feed}`);
    }
    if (!['http:', 'https:', 'file:'].includes(url.protocol)) throw new Error(`--feed must be http(s), file: or a path, got ${url.protocol}`);
  } else {
    url = pathToFileURL(resolve(cwd, feed));
  }
  url.search = '';
  url.hash = '';
  let base: URL;
  if (url.pathname.endsWith(`/${INDEX_FILE}`)) base = new URL('./', url);
  else base = new URL(url.pathname.endsWith('/') ? url.href : `${url.href}/`);
  const segments = base.pathname.split('/').filter((s) => s !== '');
  const derived = decodeURIComponent(segments[segments.length - 1] ?? '');
  const id = group ?? derived;
  if (!GROUP_ID.test(id)) {
    throw new Error(
      group === undefined
        ? `Cannot derive the group from --feed ${feed} (last folder "${derived}"); pass --group ID.`
        : `--group must be a group id (lower-case letters, digits, inner hyphens), got "${group}".`,
    );
  }
  return { base, index: new URL(INDEX_FILE, base), group: id };
}
