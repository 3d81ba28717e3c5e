/** Which URLs a public page may turn into links: http(s) and mailto only (no `javascript:` etc.). */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return ['https:', 'http:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Lower-case path segment for an advisory id: `ADV-2025-0042` -> `adv-2025-0042`. */
export function slugOf(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'advisory';
}
