/**
 * Runs one benchmark phase as a child process and measures its wall time, CPU time and peak RSS.
 * A fresh process per phase keeps peak RSS honest (no heap left over from a previous phase).
 * CPU time (every thread's, user and system) tells how much work a phase did, which this kind of
 * VM changes far less from hour to hour than the wall time; CPU over wall is the cores it kept busy.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { track } from './children.js';

const PROBE = fileURLToPath(new URL('./usage-probe.mjs', import.meta.url));

export interface Measurement {
  /** Milliseconds from spawn to exit. */
  wallMs: number;
  /** Peak resident set size of the child, MiB. */
  peakRssMiB: number;
  /** CPU time of the child, every thread, user + system, milliseconds. */
  cpuMs: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node [--import tsx] <script> ...args` and measures it; rejects when it exits non-zero.
 * `scratch`: the folder for the child's usage file (the bench's own, which an interrupted bench
 * removes; default: a temporary folder of its own, removed afterwards).
 */
export async function measureNode(
  script: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; typescript?: boolean; scratch?: string } = {},
): Promise<Measurement> {
  const scratch = options.scratch ?? mkdtempSync(join(tmpdir(), 'bench-usage-'));
  const usageFile = join(scratch, `usage-${randomUUID()}.json`);
  const nodeArgs = ['--import', PROBE, ...(options.typescript === true ? ['--import', 'tsx'] : []), script, ...args];
  const started = process.hrtime.bigint();
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = track(spawn(process.execPath, nodeArgs, {
        cwd: options.cwd,
        env: { ...process.env, ...options.env, BENCH_USAGE_FILE: usageFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      }));
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('close', (status) => resolve({ code: status ?? 1, stdout: out, stderr: err }));
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited ${code}\n${stderr.slice(-4000)}`);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
    return { wallMs, peakRssMiB: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, stdout, stderr };
  } finally {
    rmSync(options.scratch === undefined ? scratch : usageFile, { recursive: true, force: true });
  }
}
