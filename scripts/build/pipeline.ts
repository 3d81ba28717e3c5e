/**
 * `advisory-feed build` as a table: reading STAGES is reading the architecture. Each stage is one
 * file exporting one function named after it; it reads what earlier stages left in the context
 * and adds its own result. Nothing is written before `write`, so any failure before it leaves the
 * previous output untouched; `write` itself rolls back on failure.
 */
import { createContext, type BuildContext, type BuildOptions } from './context.js';
import { withLock } from './lock.js';
import { listOutput } from './list-output.js';
import { unlockKey } from './unlock-key.js';
import { openState } from './open-state.js';
import { load } from './load.js';
import { validate } from './validate.js';
import { checkKey } from './check-key.js';
import { readState } from './read-state.js';
import { plan } from './plan.js';
import { recipients } from './recipients.js';
import { render } from './render.js';
import { seal } from './seal.js';
import { write } from './write.js';

export type Stage = (ctx: BuildContext) => Promise<void> | void;

export const STAGES: readonly (readonly [name: string, stage: Stage])[] = [
  ['unlock-key', unlockKey], //  starts unlocking the signing key from the environment (or the demo key)
  ['open-state', openState], //  starts opening the previous build's signed state with it, on another core
  ['load', load], //             content from --root; partner keys inspected at --now (keyring)
  ['validate', validate], //     the `check` rules: stop with every problem, nothing written yet
  ['check-key', checkKey], //    the unlocked key (or why it failed), pinned by program.yaml; the state's sealer
  ['list-output', listOutput], // starts listing --out on the thread pool (after load: list-output.ts), awaited by read-state
  ['plan', plan], //             pure: per group at --now, which views and which recipients (view hashes cached in --root)
  ['read-state', readState], //  that state, verified and parsed, or a fresh start
  ['recipients', recipients], // starts each group's recipient set (and header, where it will seal) on the keyring's thread
  ['render', render], //         views -> item plaintext on demand, each distinct view once, unchanged ones never
  ['seal', seal], //             per group: reuse unchanged items, seal the rest, next index
  ['write', write], //           items, public files, state, indexes; rollback on failure; orphans
];

/** Runs every stage under the output folder's lock; returns the finished context. */
export async function runBuild(options: BuildOptions): Promise<BuildContext> {
  const ctx = createContext(options);
  await withLock(options.out, async () => {
    try {
      for (const [name, stage] of STAGES) {
        options.onProgress?.(name, 0, 0);
        const started = performance.now();
        await stage(ctx);
        ctx.timings.push({ stage: name, ms: performance.now() - started });
      }
    } finally {
      ctx.ending.abort();
      await ctx.keyring?.close();
    }
  }, () => (ctx.lockLost = true));
  return ctx;
}
