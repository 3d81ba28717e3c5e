#!/usr/bin/env node
// `npm run demo`: the main job on the sample content. For now: `advisory-feed check` on the
// repository's own advisories/ and partners/ (the build and poll steps join when they land).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'bin/advisory-feed.js');

function step(title, args) {
  console.log(`\n> advisory-feed ${args.join(' ')}    # ${title}`);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// cwd is the repository, so the default --root (current directory) is the samples.
step('validate the sample content and the demo keys', ['check']);
