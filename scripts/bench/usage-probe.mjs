// Preloaded into every measured child process (`node --import`): on exit, writes to the file named
// by BENCH_USAGE_FILE what getrusage says of the whole process (every thread): its peak resident
// set size (KiB) and the CPU time it used (microseconds, user and system), as JSON.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_USAGE_FILE;
if (target) {
  process.on('exit', () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }));
  });
}
