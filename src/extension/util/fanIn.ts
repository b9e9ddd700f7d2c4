// Fan-in helpers in the spirit of VS Code's git extension decorators (@debounce, @sequentialize),
// written as plain higher-order functions: the build (esbuild, tsx) and tsconfig need no decorator
// settings, and a watch storm still becomes one call.

/**
 * Calls fn once, `ms` after the last of a burst of calls; during a burst that never pauses, at
 * least every `maxWait` ms (so a sustained watch stream still shows progress).
 */
export function debounce(fn: () => void, ms: number, maxWait = Infinity): { (): void; flush(): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let first = 0;
  const run = () => { timer = undefined; first = 0; fn(); };
  const debounced = () => {
    const now = Date.now();
    if (!first) first = now;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, Math.min(ms, first + maxWait - now)));
  };
  debounced.flush = () => { if (timer) { clearTimeout(timer); run(); } };
  debounced.cancel = () => { if (timer) clearTimeout(timer); timer = undefined; first = 0; };
  return debounced;
}

/** Runs calls that share a key one after another (two applies of the same file run in order). */
export function sequentialize<A extends unknown[], R>(key: (...args: A) => string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const tails = new Map<string, Promise<unknown>>();
  return (...args: A) => {
    const k = key(...args);
    const prev = tails.get(k) ?? Promise.resolve();
    const next = prev.then(() => fn(...args), () => fn(...args));
    const tail = next.catch(() => undefined);
    tails.set(k, tail);
    void tail.then(() => { if (tails.get(k) === tail) tails.delete(k); });
    return next;
  };
}
