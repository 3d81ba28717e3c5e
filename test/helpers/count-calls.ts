/**
 * Counting the calls openpgp.js makes to one of its own methods while a step runs: how the tests
 * show work that was skipped (a signature not checked again, a recipient header not parsed again).
 */

/** Runs `run` with `target[method]` counted, and returns the count; the method is restored after. */
export async function countCalls<T extends object>(target: T, method: keyof T & string, run: () => Promise<unknown>): Promise<number> {
  const original = target[method] as unknown as (...args: unknown[]) => unknown;
  let calls = 0;
  (target as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
    calls++;
    return original.apply(this, args);
  };
  try {
    await run();
    return calls;
  } finally {
    (target as Record<string, unknown>)[method] = original;
  }
}
