/** Renders the sample public views (or given ones) and indexes the files by path. */
import { renderPublic, type PublicFile } from '../../../scripts/build/public/index.js';
import type { AdvisoryView } from '../../../scripts/build/view.js';
import { samplePublicViews, sampleProgram } from '../csaf/sample-views.js';

export const FINGERPRINT = '3A7F 09C2 5D1B 8E44 A6F0  2B91 C7D3 5E80 14AF 6B2C';
export const ARMORED = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZxxxxxYJKwYBBAHaRw8BAQdAsample+demo+key+material+only\n=abcd\n-----END PGP PUBLIC KEY BLOCK-----\n';
export const NOW = '2025-09-10T08:00:00Z';

export interface Rendered {
  files: PublicFile[];
  byPath: Map<string, PublicFile>;
  text(path: string): string;
}

export async function renderSample(views: AdvisoryView[] = samplePublicViews()): Promise<Rendered> {
  const files = await renderPublic(views, { program: sampleProgram(), now: NOW, publisher: { fingerprint: FINGERPRINT, armored: ARMORED } });
  const byPath = new Map(files.map((f) => [f.path, f]));
  return {
    files,
    byPath,
    text(path: string): string {
      const file = byPath.get(path);
      if (file === undefined) throw new Error(`no file ${path}; have ${[...byPath.keys()].join(', ')}`);
      return new TextDecoder().decode(file.data);
    },
  };
}
