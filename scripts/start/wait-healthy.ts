/** Ready means every app's /health answers 200; says which are still down when it gives up. */
export async function waitHealthy(urls: string[], timeoutMs: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let down = urls;
  while (Date.now() < deadline && isAlive()) {
    const answers = await Promise.all(
      down.map(async (url) => {
        try {
          return (await fetch(url, { signal: AbortSignal.timeout(2000) })).status === 200;
        } catch {
          return false;
        }
      }),
    );
    down = down.filter((_, index) => !answers[index]);
    if (down.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`not healthy: ${down.join(', ')}`);
}
