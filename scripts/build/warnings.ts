/** Something the build worked around: stages collect these, only the CLI prints them. */
export interface BuildWarning {
  /** SCREAMING_SNAKE, e.g. PARTNER_INACTIVE, KEY_UNUSABLE, STATE_MISSING. */
  code: string;
  /** Names ids, groups and paths only: never advisory text (it may be restricted). */
  message: string;
  /** Content file the warning is about, relative to --root. */
  path?: string;
}
