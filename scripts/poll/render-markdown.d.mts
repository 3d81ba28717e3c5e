import type { ItemDocument } from '../feed/format.js';
import type { StagedFiles } from './staging.js';

export function renderMarkdown(item: ItemDocument): string;
export function renderFiles(item: ItemDocument, plaintext: Uint8Array): StagedFiles;
