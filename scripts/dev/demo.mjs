#!/usr/bin/env node
// `npm run demo`: the main job on the sample content: check it, build the feeds (once as of a
// day inside the embargo with --now, once as of today), then read them as two partners with the
// poll client: a PoC partner sees the proof of concept, a plain partner sees everything else and
// cannot open the PoC group's feed at all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'bin/advisory-feed.js');

function step(title, args, { expectFailure = false } = {}) {
  console.log(`\n> advisory-feed ${args.join(' ')}    # ${title}`);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', cwd: root });
  if (expectFailure) {
    if (result.status === 0) {
      console.error('demo: expected this step to fail, it succeeded');
      process.exit(1);
    }
    console.log('(refused, as it should be)');
    return;
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// cwd is the repository, so the default --root (current directory) is the samples.
step('validate the sample content and the demo keys', ['check']);

const work = mkdtempSync(path.join(tmpdir(), 'advisory-feed-demo-'));
const at = (...parts) => path.join(work, ...parts);

// 2025-06-30: ADV-2025-0031 has reached the PoC partners (June 24), not the other partners (July 3).
step('build the feeds as they were on 2025-06-30, inside the embargo', ['build', '--out', at('2025-06-30', '_site'), '--now', '2025-06-30T00:00:00Z']);
// Partners' pollers check expiry against the real clock, so read a build made today.
step('build the feeds as of today', ['build', '--out', at('_site')]);

const poll = (partner, group, folder = partner) => [
  'poll',
  '--feed', at('_site', 'groups', group),
  '--key', `demo/partners/${partner}.sec.asc`,
  '--publisher-key', 'partners/publisher.asc',
  '--state', at(folder, 'state'),
  '--out', at(folder, 'mirror'),
];
step('northwind-cert (partners-poc) reads its feed', poll('northwind-cert', 'partners-poc'));
step('lumen-av (partners) reads its feed', poll('lumen-av', 'partners'));
step('lumen-av tries the PoC group feed', poll('lumen-av', 'partners-poc', 'lumen-av-poc'), { expectFailure: true });

/** Titles of the advisories a partner's mirror holds, and whether ADV-2025-0031 has its PoC. */
function show(partner) {
  const dir = at(partner, 'mirror', 'advisories');
  console.log(`\n${partner} can read:`);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const item = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    console.log(`  ${item.id}  ${item.status === 'withdrawn' ? '[withdrawn] ' : ''}${item.advisory.title}`);
  }
  const poc = JSON.parse(readFileSync(path.join(dir, 'ADV-2025-0031.json'), 'utf8')).markdown.includes('Proof of concept');
  console.log(`  ADV-2025-0031 proof-of-concept section: ${poc ? 'PRESENT' : 'absent (not in this partner\'s tier)'}`);
  return poc;
}
const pocPartner = show('northwind-cert');
const plainPartner = show('lumen-av');
if (!pocPartner || plainPartner) {
  console.error('demo: the PoC section did not reach exactly the PoC partner');
  process.exit(1);
}
console.log(`\nOutput and mirrors are in ${work}`);
