/** Runs the fenced `sh` blocks of a Markdown page, exactly as written (the README's GnuPG guide). */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** The README section a partner without Node.js follows; the tests run exactly its `sh` blocks. */
export const GNUPG_GUIDE_HEADING = '## Reading a feed with plain GnuPG (no Node.js)';

/** The `sh` blocks of the README's plain-GnuPG section, in order. */
export async function gnupgGuideBlocks(): Promise<string[]> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf(`${GNUPG_GUIDE_HEADING}\n`);
  if (start < 0) throw new Error(`README.md has no section "${GNUPG_GUIDE_HEADING}"`);
  const end = readme.indexOf('\n## ', start + GNUPG_GUIDE_HEADING.length);
  return shellBlocks(readme.slice(start, end < 0 ? undefined : end));
}

/** The ```sh blocks of a Markdown page, in order. */
export function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

/** `sh -c script` in `cwd` with only PATH, LC_ALL and `env`; killed after 60 s. */
export function runShell(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
