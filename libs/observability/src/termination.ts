/**
 * Runs the app's shutdown once, on SIGTERM or SIGINT, then exits. Work in flight finishes or is
 * redelivered: consumers commit offsets only after their transaction, so stopping at any point is safe.
 */
export function onTermination(
  shutdown: () => Promise<void>,
  log: { error(message: string, e?: unknown): void },
): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    shutdown()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error('shutdown failed', error);
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
