import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../scripts/cli/main.js';
import type { Io } from '../../scripts/cli/command.js';

function captureIo(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {}, cwd: process.cwd() };
}

test('lists the commands with --help and exits 0', async () => {
  const io = captureIo();
  assert.is(await main(['--help'], io), 0);
  assert.match(io.out.join('\n'), /Commands/);
  assert.match(io.out.join('\n'), /check/);
});

test('an unknown command is a usage error (exit 2)', async () => {
  const io = captureIo();
  assert.is(await main(['frobnicate'], io), 2);
  assert.match(io.err.join('\n'), /Unknown command "frobnicate"/);
});

test('an unknown flag is a usage error (exit 2)', async () => {
  const io = captureIo();
  assert.is(await main(['check', '--no-such-flag'], io), 2);
  assert.match(io.err.join('\n'), /Unknown option/);
});

test('<command> --help shows Usage, Options and the --root default', async () => {
  const io = captureIo();
  assert.is(await main(['check', '--help'], io), 0);
  const help = io.out.join('\n');
  assert.match(help, /Usage/);
  assert.match(help, /--root DIR .*\(default: current directory\)/);
});

test('a reader that closes the pipe early does not crash the CLI (EPIPE): same exit code, no stack trace', () => {
  const cli = fileURLToPath(new URL('../../bin/advisory-feed.js', import.meta.url));
  // `true` exits at once, long before node has started and writes: every write meets a closed pipe.
  const run = spawnSync('bash', ['-c', 'node "$0" --help | true; echo "exit=${PIPESTATUS[0]}"', cli], { encoding: 'utf8' });
  assert.is(run.stdout.trim(), 'exit=0');
  assert.not.match(run.stderr, /EPIPE|Unhandled/);
});

test('the command table loads no command\'s code: --version reads neither OpenPGP, the client nor the parsers', () => {
  const cli = fileURLToPath(new URL('../../bin/advisory-feed.js', import.meta.url));
  // A module hook that prints every module the CLI resolves (it runs on its own thread).
  const hook = 'export async function resolve(s, c, next) { const r = await next(s, c); console.error("LOADED " + r.url); return r; }';
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, cli, '--version'], { encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  const loaded = run.stderr.split('\n').filter((line) => line.startsWith('LOADED '));
  assert.ok(loaded.some((line) => /\/cli\/commands\/poll\.(js|ts)$/.test(line)), 'the hook saw the command table load');
  for (const heavy of ['/node_modules/openpgp/', '/node_modules/markdown-it/', '/node_modules/ajv/', '/node_modules/@11ty/', '/node_modules/cli-progress/', '/poll/pipeline.', '/build/pipeline.']) {
    assert.not.ok(loaded.some((line) => line.includes(heavy)), `--version loaded ${heavy}`);
  }
});

test.run();
