/**
 * The feed format both sides share (docs/feed-format.md). Types only here; parsing and
 * validation of untrusted documents live beside them in this folder.
 *
 * Output layout (relative to the build's --out):
 *   publisher.asc                         the publisher's public key (stable path)
 *   groups/<group>/index.pgp              the group index: signed + encrypted, the only mutable file
 *   groups/<group>/items/<sha256>.pgp     one item per visible advisory view, content-addressed
 *   public/...                            the public tier: plain files, each with a detached .asc
 */
export const FORMAT_VERSION = 'advisory-feed/1';

/** Drafts never reach a feed. */
export type FeedStatus = 'published' | 'withdrawn';

/** One advisory as the index lists it. */
export interface IndexEntry {
  id: string;
  /** Number of revisions of the advisory (1 for the first publication). */
  revision: number;
  /** ISO date-time of the latest revision or status change seen by this group. */
  modified: string;
  status: FeedStatus;
  /** Path of the sealed item file relative to the group folder, e.g. `items/<sha256>.pgp`. */
  path: string;
  /** Size in bytes of the sealed item file. */
  size: number;
  /** Lower-case hex SHA-256 of the sealed item file. */
  sha256: string;
}

/** The decrypted content of `groups/<group>/index.pgp`. */
export interface GroupIndex {
  format: typeof FORMAT_VERSION;
  group: string;
  /** Increases by at least one whenever anything in the index changes (rollback protection). */
  sequence: number;
  generated: string;
  /** After this the client refuses the index (freeze protection); re-issued before it runs out. */
  expires: string;
  /** Fingerprint of the publisher's signing key, upper-case hex. */
  publisher: string;
  /** Sorted by id. */
  items: IndexEntry[];
}

/**
 * The decrypted content of one item file: one advisory as one audience may see it. It names no
 * group on purpose: groups that see the same view share one signed plaintext (signed once per
 * build, encrypted per group). The binding to a group comes from the signed group index, which
 * lists each item's SHA-256.
 */
export interface ItemDocument {
  format: typeof FORMAT_VERSION;
  id: string;
  revision: number;
  modified: string;
  status: FeedStatus;
  /** The advisory's front matter as this group may see it (JSON). */
  advisory: Record<string, unknown>;
  /** The Markdown of this group's view (sections of other tiers removed). */
  markdown: string;
  /** That Markdown rendered to HTML (raw HTML disabled). */
  html: string;
  /** The CSAF 2.0 document of this view, when rendered. */
  csaf?: Record<string, unknown>;
}
