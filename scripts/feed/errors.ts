/**
 * One error type for the whole tool. Every failure carries a machine-readable `code` (tests assert
 * codes, not messages), optionally the file and line it is about, the underlying `cause`, and a
 * `hint` telling the user what to do next. Each area declares its own code union:
 * `ContentCode` (scripts/content), `CryptoCode` and `FormatCode` (here), `BuildCode`, `PollCode`.
 * Only the CLI prints errors and picks exit codes.
 */
export interface FeedErrorOptions {
  /** The file the problem is in, relative to the content root where there is one. */
  path?: string;
  /** 1-based line in `path`. */
  line?: number;
  /** What the user should do next, one sentence. */
  hint?: string;
  cause?: unknown;
}

export class FeedError<C extends string = string> extends Error {
  readonly code: C;
  readonly path?: string;
  readonly line?: number;
  readonly hint?: string;

  constructor(code: C, message: string, options: FeedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FeedError';
    this.code = code;
    if (options.path !== undefined) this.path = options.path;
    if (options.line !== undefined) this.line = options.line;
    if (options.hint !== undefined) this.hint = options.hint;
  }

  /** `path:line: CODE message (hint)`, the form `check` and the CLI print. */
  format(): string {
    const where = this.path === undefined ? '' : `${this.path}${this.line === undefined ? '' : `:${this.line}`}: `;
    return `${where}${this.code} ${this.message}${this.hint === undefined ? '' : ` (${this.hint})`}`;
  }
}

/** Failures of the OpenPGP layer (scripts/feed/openpgp.ts). */
export type CryptoCode =
  | 'KEY_UNREADABLE' // not an OpenPGP key, or armour is damaged
  | 'KEY_NOT_PUBLIC' // a secret key where a public one belongs
  | 'KEY_NOT_SECRET' // a public key where a secret one is needed
  | 'KEY_LOCKED' // secret key encrypted and no (or a wrong) passphrase
  | 'KEY_UNUSABLE' // expired, revoked, weak, or a version/algorithm GnuPG 2.2 cannot use
  | 'NO_RECIPIENTS' // sealing for nobody
  | 'DECRYPT_FAILED' // not for this key, or damaged
  | 'SIGNATURE_MISSING' // message not signed
  | 'SIGNATURE_INVALID' // signed, but not by the pinned key, or the signature does not verify
  | 'MESSAGE_MALFORMED'; // not an OpenPGP message, or not of the expected shape

/** Failures to parse a feed document or path (scripts/feed/parse-documents.ts, paths.ts). */
export type FormatCode =
  | 'FORMAT_INVALID' // not JSON, or not of the documented shape (docs/feed-format.md §3, §4)
  | 'FORMAT_VERSION' // a `format` this code does not implement (feed-format §11)
  | 'PATH_UNSAFE'; // a feed path that could leave its folder: traversal, absolute, NUL, backslash

export function isFeedError(error: unknown, code?: string): error is FeedError {
  return error instanceof FeedError && (code === undefined || error.code === code);
}
