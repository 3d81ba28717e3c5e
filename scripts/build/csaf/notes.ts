/**
 * CSAF notes (§3.2.1.9, §3.2.4.9) from the view's text: the summary, then one note per `##`
 * section of the view's Markdown (title = heading), so a partner's CSAF tool shows the same
 * sections the advisory has. Text stays Markdown: CSAF note text is free text.
 */
import type { AdvisoryView } from '../view.js';

export interface CsafNote {
  category: 'description' | 'details' | 'general' | 'legal_disclaimer' | 'other' | 'summary';
  text: string;
  title?: string;
}

/** Splits Markdown at level-1/2 ATX headings outside fenced code; text before the first is "Details". */
export function splitSections(markdown: string): { title: string; text: string }[] {
  const sections: { title: string; lines: string[] }[] = [{ title: 'Details', lines: [] }];
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch?.[1] !== undefined) {
      if (fence === undefined) fence = fenceMatch[1][0];
      else if (fenceMatch[1][0] === fence) fence = undefined;
    }
    const heading = fence === undefined ? /^ {0,3}#{1,2}[ \t]+(.+?)[ \t#]*$/.exec(line) : null;
    if (heading?.[1] !== undefined) sections.push({ title: heading[1], lines: [] });
    else sections[sections.length - 1]?.lines.push(line);
  }
  return sections
    .map((s) => ({ title: s.title, text: s.lines.join('\n').trim() }))
    .filter((s) => s.text !== '');
}

/** Document-level notes: summary, the Markdown sections, and for a withdrawn advisory a notice. */
export function buildDocumentNotes(view: AdvisoryView): CsafNote[] {
  const notes: CsafNote[] = [];
  if (view.status === 'withdrawn') {
    const reason = view.advisory.withdrawnReason?.trim();
    notes.push({
      category: 'general',
      text: `This advisory has been withdrawn${reason ? `: ${reason}` : '.'} Its content is kept for reference only.`,
      title: 'Withdrawn',
    });
  }
  if (view.advisory.summary.trim() !== '') notes.push({ category: 'summary', text: view.advisory.summary.trim(), title: 'Summary' });
  for (const section of splitSections(view.markdown)) notes.push({ category: 'details', text: section.text, title: section.title });
  if (notes.length === 0) notes.push({ category: 'summary', text: view.advisory.title, title: 'Summary' });
  return notes;
}
