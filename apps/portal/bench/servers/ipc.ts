/**
 * The protocol between a reference server and bench/lib/child.ts: announce `{ ready, port }`
 * over IPC, then exit normally on `{ cmd: 'stop' }` (or when the parent goes away) after
 * closing the server.
 */
export function announce(port: number, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await Promise.race([close(), new Promise((r) => setTimeout(r, 2_000))]);
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (m) => {
    if ((m as { cmd?: string }).cmd === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.send?.({ ready: true, port });
}
