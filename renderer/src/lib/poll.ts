/**
 * Asks the server again and again until the page goes away. `answer` gets each reply and says how
 * long to wait before the next ask (null: stop asking); `failed` says how long to wait after an
 * error (null: stop). Aborts the request in flight on cleanup. Returns the cleanup for an $effect.
 */
export function poll<T>(
  request: (signal: AbortSignal) => Promise<T>,
  handle: {
    answer: (value: T, signal: AbortSignal) => Promise<number | null> | number | null;
    failed: (err: unknown) => number | null;
  },
): () => void {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = (delay: number | null) => {
    if (delay !== null && !abort.signal.aborted) timer = setTimeout(load, delay);
  };
  async function load() {
    let value: T;
    try {
      value = await request(abort.signal);
    } catch (err) {
      if (!abort.signal.aborted) next(handle.failed(err));
      return;
    }
    if (abort.signal.aborted) return;
    next(await handle.answer(value, abort.signal));
  }
  void load();
  return () => {
    abort.abort();
    clearTimeout(timer);
  };
}
