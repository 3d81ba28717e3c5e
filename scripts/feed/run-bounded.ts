/** A small bounded-concurrency loop, shared by the build (seal, write) and the client (item fetches). */
/**
 * Runs `task` over `items`, at most `limit` at once. On the first failure no new task starts,
 * the ones in flight settle (so nothing is still writing when the caller rolls back), and that
 * failure is thrown.
 */
export async function runBounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure !== undefined) throw failure.error;
}
