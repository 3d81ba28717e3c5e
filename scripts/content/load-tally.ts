/**
 * How a load had its advisories: `build --json` reports it, so a cache that stops working shows.
 * A module of its own so that the CLI's build summary can name it without loading the parsers.
 */
export interface LoadTally {
  /** Parsed from their files' text, here or by the parse-ahead worker. */
  parsed: number;
  /** Taken from the advisory cache: unchanged since they last loaded without problems. */
  cached: number;
  /**
   * Of those, how many were recognised by their key: the read-ahead worker sent the key in place of
   * the text, or (`unread`) their file's metadata named it: their text never reached this thread.
   */
  keyOnly: number;
  /** Of those, how many were not read at all: the very files the key was read from (stat-keys.ts). */
  unread: number;
}

export function emptyTally(): LoadTally {
  return { parsed: 0, cached: 0, keyOnly: 0, unread: 0 };
}
