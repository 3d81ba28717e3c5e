/**
 * The processes the bench has started and not yet seen exit (each measured phase, nginx), so that
 * an interrupted bench (index.ts) can stop them before it removes the folder they write in.
 */
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();

/** Remembers `child` until it exits. */
export function track<C extends ChildProcess>(child: C): C {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Kills every tracked process that is still running. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
