/**
 * Public API of the content model (scripts/content). Everything else in this folder is internal.
 *
 * - loadContent(root, { now }) -> { content, problems }: what `advisory-feed check` reports.
 * - checkContent(root, { now }) -> Content, or throws ContentInvalidError: the build's validate stage.
 * - splitSections / createMarkdown: the markdown-it view of `::: tier` sections, shared with render.
 */
export type * from './types.js';
export type { ContentCode } from './codes.js';
export type { ContentProblem } from './problems.js';
export { loadContent, type LoadOptions, type LoadedContent } from './load-content.js';
export { emptyTally, type LoadTally } from './load-tally.js';
export { KEYS_DIR, listKeyFiles, readKeyFiles } from './check-partner-keys.js';
export { checkContent, ContentInvalidError } from './check-content.js';
export { summarizeContent } from './summarize-content.js';
export { releaseOf, tierRank } from './release-of.js';
export { splitSections } from './split-sections.js';
export { createMarkdown } from './markdown.js';
export { cvssBaseScore } from './cvss.js';
export { parseDate } from './parse-date.js';
export { ADVISORY_ID, PARTNER_ID, TIER_NAME } from './schemas.js';
export { nextAdvisoryId, scaffoldAdvisory } from './scaffold-advisory.js';
