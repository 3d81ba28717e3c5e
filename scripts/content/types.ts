/**
 * The content model: what `load` produces from advisories/ and partners/ and what every later
 * stage of the build reads. Plain data, already validated; dates are ISO-8601 strings in UTC
 * (`2025-07-08T00:00:00Z`) so the model is JSON and sorts as text. Advisories are frozen once
 * loaded: later stages share their values instead of copying them.
 *
 * Visibility semantics (docs/content.md, "Tiers and release dates"):
 * - `program.tiers` is ordered from the lowest (the public) to the highest (e.g. PoC).
 * - A text of tier S (the advisory's base text has S = `advisory.tier`, a `::: tier X` section has
 *   S = X) is visible to tier T at `now` iff rank(T) >= rank(S) and now >= releaseOf(T), where
 *   releaseOf(T) = the earliest `release[t]` over tiers t with rank(advisory.tier) <= rank(t) <= rank(T).
 *   A tier with no such date never sees the advisory (not scheduled yet: an open-ended embargo).
 * - A group receives the tiers it lists; what it sees is the union of what each of its tiers sees.
 * - `status: draft` is never published; `withdrawn` stays listed as withdrawn to those who saw it.
 */

/** Where a value came from, so every problem can be reported as `path:line`. */
export interface Source {
  /** Path relative to the content root, with forward slashes, e.g. `advisories/ADV-2025-0042.md`. */
  path: string;
  /** 1-based line of the front-matter key (or of the file's start when there is no key). */
  line: number;
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'none';
export type AdvisoryStatus = 'draft' | 'published' | 'withdrawn';

export interface Cvss {
  /** A CVSS v3.0/v3.1 vector string, validated. */
  vector: string;
  /** Base score derived from the vector (0.0-10.0). */
  score: number;
}

export interface Product {
  name: string;
  /** Affected version range as written, e.g. `>= 4.0, < 4.2.3`. */
  affected: string;
  /** First fixed version(s); absent while there is no fix. */
  fixed?: string;
}

export interface Revision {
  date: string;
  note: string;
}

export interface Reference {
  url: string;
  title?: string;
}

/** A `::: tier NAME` ... `:::` section, or the text around sections (tier null). */
export interface Segment {
  /** null for the advisory's base text. */
  tier: string | null;
  /** The Markdown of the segment, without the fence lines. */
  markdown: string;
  /** 1-based line in the file where the segment's text starts. */
  line: number;
}

export interface Advisory {
  id: string;
  title: string;
  summary: string;
  severity: Severity;
  cvss?: Cvss;
  cve: string[];
  products: Product[];
  /** The lowest tier that may ever see this advisory. */
  tier: string;
  /** Tier name -> ISO date-time from which that tier (and higher ones) may see it. */
  release: Record<string, string>;
  /** Oldest first. The advisory's revision number is `revisions.length`. */
  revisions: Revision[];
  status: AdvisoryStatus;
  withdrawnReason?: string;
  credits: string[];
  references: Reference[];
  /** The Markdown body split into base text and tier sections, in order. */
  segments: Segment[];
  source: Source;
  /** Front-matter key -> line, for error messages of later stages. */
  lines: Record<string, number>;
}

export type PartnerStatus = 'active' | 'suspended' | 'removed';

export interface PartnerKey {
  /** Path relative to the content root. */
  path: string;
  /** Primary key fingerprint, upper-case hex. */
  fingerprint: string;
  /** Armoured public key (certificate) as read from the file. */
  armored: string;
  /** Usable as an encryption recipient now (not expired, not revoked, strong, v4). */
  usable: boolean;
  /** Why not, when `usable` is false. */
  problem?: string;
  /** Expiry of the encryption capability, when it has one. */
  expires?: string;
}

export interface Partner {
  id: string;
  name: string;
  contact: string;
  groups: string[];
  status: PartnerStatus;
  /** Date and reason of the last status change (required for suspended and removed). */
  statusDate?: string;
  statusReason?: string;
  keys: PartnerKey[];
  /** Free-form notes from the Markdown body; never published. */
  notes: string;
  source: Source;
  lines: Record<string, number>;
}

export interface Tier {
  name: string;
  /** 0 for the lowest (public) tier. */
  rank: number;
  /** TLP 2.0 label for CSAF `document.distribution.tlp.label` (CLEAR, GREEN, AMBER, AMBER+STRICT, RED). */
  tlp: string;
}

export interface Group {
  id: string;
  name: string;
  /** Tier names this group receives. */
  tiers: string[];
  /** The public group: never encrypted, no members. */
  public: boolean;
}

export interface Program {
  /** Publisher's display name and site, for feeds and CSAF. */
  publisher: {
    name: string;
    namespace: string;
    contact: string;
    url: string;
    /** Path (relative to the content root) of the publisher's PUBLIC key, for partners to pin. */
    key?: string;
  };
  /** Ordered lowest first; `tiers[0]` is the public tier. */
  tiers: Tier[];
  groups: Group[];
  feed: {
    /** How long an index is valid (seconds). */
    expiresAfter: number;
    /** How long an item no index names stays on disk before removal (seconds). */
    graceAfter: number;
  };
  source: Source;
}

export interface Content {
  root: string;
  program: Program;
  advisories: Advisory[];
  partners: Partner[];
}
