/** Problems `check` (and the build's validate stage) reports, as `path:line: CODE message`. */
export type ContentCode =
  | 'YAML_INVALID' // front matter does not parse
  | 'YAML_NOT_MAPPING' // front matter is a list or a scalar
  | 'YAML_DUPLICATE_KEY'
  | 'FIELD_UNKNOWN' // with "did you mean"
  | 'FIELD_MISSING'
  | 'FIELD_INVALID' // wrong type or pattern (id, CVE, CVSS vector, severity, status...)
  | 'ID_DUPLICATE'
  | 'ID_FILE_MISMATCH' // id does not match the file name
  | 'DATE_INVALID'
  | 'DATE_ORDER' // revisions out of order, a higher tier released after a lower one
  | 'TIER_UNKNOWN'
  | 'GROUP_UNKNOWN'
  | 'SECTION_TIER_UNKNOWN'
  | 'SECTION_UNCLOSED'
  | 'SECTION_NESTED'
  | 'SECTION_BELOW_ADVISORY' // a section names a tier lower than (or equal to) its advisory's
  | 'KEY_MISSING' // key file named but not there
  | 'KEY_UNREADABLE'
  | 'KEY_SECRET' // a secret key in partners/: a leak, refused loudly
  | 'KEY_EXPIRED'
  | 'KEY_REVOKED'
  | 'KEY_WEAK' // RSA < 2048, DSA, ElGamal
  | 'KEY_UNSUPPORTED' // v6 keys, new X25519/X448 types: GnuPG 2.2 cannot use them
  | 'KEY_CANNOT_ENCRYPT'
  | 'PARTNER_NO_KEY' // an active partner with no usable key
  | 'GROUP_EMPTY' // a (non-public) group with no active member
  | 'PATH_UNSAFE' // traversal, absolute path, symlink out of the root
  | 'FILE_UNREADABLE' // not UTF-8, too large, I/O error
  | 'FILE_CHANGED' // an advisory file changed while the build ran (source-text.ts)
  | 'CONFIG_INVALID'; // partners/program.yaml
