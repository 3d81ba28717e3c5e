/**
 * A child process for killed-build.test.ts: runs one build of <root> into <out> at <now> with the
 * key in <key-file>, and SIGKILLs itself as the build is about to write a file whose path matches
 * <pattern>: a build killed outright (a cancelled CI job), which cannot roll back.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runBuild } from '../../scripts/build/pipeline.js';
import { nodeFs, type WriteFs } from '../../scripts/build/write/write-fs.js';

async function main([root, out, now, keyFile, pattern]: string[]): Promise<void> {
  if (root === undefined || out === undefined || now === undefined || keyFile === undefined || pattern === undefined) {
    throw new Error('usage: kill-child.ts <root> <out> <now> <key-file> <pattern>');
  }
  const killAt = new RegExp(pattern);
  const fs: WriteFs = {
    ...nodeFs,
    writeFile: async (file, data) => {
      if (killAt.test(file)) process.kill(process.pid, 'SIGKILL');
      return nodeFs.writeFile(file, data);
    },
  };
  await runBuild({ root, out, now: new Date(now), env: { ADVISORY_FEED_SIGNING_KEY: readFileSync(keyFile, 'utf8') }, cwd: root, fs });
}

// Only when run as the child: a test runner that imports every file of the folder gets nothing.
if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
