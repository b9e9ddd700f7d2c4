// Fan-in helpers in the spirit of VS Code's git extension decorators (@debounce, @sequentialize),
// written as plain higher-order functions: the build (esbuild, tsx) and tsconfig need no decorator
// settings, and a watch storm still becomes one call.

/** Calls fn once, `ms` after the last of a burst of calls. */
export function debounce(fn: () => void, ms: number): { (): void; flush(): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const run = () => { timer = undefined; fn(); };
  const debounced = () => { if (timer) clearTimeout(timer); timer = setTimeout(run, ms); };
  debounced.flush = () => { if (timer) { clearTimeout(timer); run(); } };
  debounced.cancel = () => { if (timer) clearTimeout(timer); timer = undefined; };
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
