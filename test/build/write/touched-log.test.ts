/** The touched log: what it writes down, what it reads back, and how it is put back or dropped. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openTouchedLog, readTouched, TOUCHED_FILE } from '../../../scripts/build/write/touched-log.js';

async function folder(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'advisory-feed-touched-'));
}

test('writes down public files, not what the state accounts for, and reads them back', async () => {
  const out = await folder();
  const log = openTouchedLog(out);
  log.record(['feed.json', 'groups/partners/index.pgp', '.state.pgp', '.state-changes.pgp']);
  log.record(['advisories/adv-2025-0003/index.html', 'advisories/adv-2025-0003/index.html.asc', 'groups/partners/items/ab.pgp']);
  assert.equal([...readTouched(out)], ['feed.json', 'advisories/adv-2025-0003/index.html', 'advisories/adv-2025-0003/index.html.asc']);
  await rm(out, { recursive: true });
});

test('nothing recorded: no file; none there: nothing distrusted', async () => {
  const out = await folder();
  openTouchedLog(out).record(['groups/partners/index.pgp']);
  assert.not.ok(existsSync(path.join(out, TOUCHED_FILE)));
  assert.equal(readTouched(out).size, 0);
  await rm(out, { recursive: true });
});

test('a line that is no path the build writes is skipped (the log sits in --out)', async () => {
  const out = await folder();
  await writeFile(path.join(out, TOUCHED_FILE), ['../outside.txt', '/etc/passwd', 'a/./b', 'a//b', 'a\\b', '', 'groups/x/items/y.pgp', 'index.html', 'page/2/index.html'].join('\n'));
  assert.equal([...readTouched(out)], ['index.html', 'page/2/index.html']);
  await rm(out, { recursive: true });
});

test('undo puts the log back as the build found it: none, or its earlier lines', async () => {
  const out = await folder();
  const first = openTouchedLog(out);
  first.record(['index.html']);
  first.undo();
  assert.not.ok(existsSync(path.join(out, TOUCHED_FILE)), 'no log before: none after');
  openTouchedLog(out).record(['feed.json']); // left by a killed build
  const second = openTouchedLog(out);
  second.record(['atom.xml']);
  second.undo();
  assert.is(await readFile(path.join(out, TOUCHED_FILE), 'utf8'), 'feed.json\n');
  second.clear();
  assert.not.ok(existsSync(path.join(out, TOUCHED_FILE)));
  await rm(out, { recursive: true });
});

test.run();
