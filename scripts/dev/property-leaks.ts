/**
 * `npm run test:property -- --runs N [--seed S [--path P]]`: the long run of the leak property
 * (test/adversarial/leak-property.ts; docs/threat-model.md P1-P3). Prints the cases, builds and
 * time; exits 1 with fast-check's counterexample and seed when a case leaks.
 */
import mri from 'mri';
import { runLeakProperty } from '../../test/adversarial/leak-property.js';

const args = mri(process.argv.slice(2), { string: ['runs', 'seed', 'path'] });
const runs = Number(args.runs ?? 1000);
const seed = args.seed === undefined ? undefined : Number(args.seed);
if (!Number.isInteger(runs) || runs < 1 || (seed !== undefined && !Number.isInteger(seed))) {
  console.error('Usage: npm run test:property -- [--runs N (1000)] [--seed=S [--path=P]] (write --seed=-5 with = for a negative seed)');
  process.exit(2);
}
try {
  const stats = await runLeakProperty(runs, { ...(seed === undefined ? {} : { seed }), ...(typeof args.path === 'string' ? { path: args.path } : {}) });
  console.log(`ok: ${stats.cases} cases, ${stats.builds} builds (${stats.refused} refused as broken content), ${stats.canariesChecked} canary checks, no leak, in ${(stats.ms / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(error instanceof Error ? `${error.message}\n${String((error.cause as Error | undefined)?.stack ?? '')}` : error);
  process.exitCode = 1;
}
