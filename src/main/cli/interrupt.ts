/** Signals that stop a long command the way Ctrl+C does: files in flight finish, the rest resumes next time. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `fn` with a signal that aborts on SIGINT, SIGTERM or SIGHUP (so a killed run exits 130 and
 * is resumable instead of dying half-way), printing `note` once when it does.
 */
export async function untilInterrupted<T>(note: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = (): void => {
    if (!controller.signal.aborted) process.stderr.write(`\n${note}\n`);
    controller.abort();
  };
  for (const s of STOP_SIGNALS) process.on(s, stop);
  try {
    return await fn(controller.signal);
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, stop);
  }
}
