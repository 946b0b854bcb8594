import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * The protocol between a bench server and bench/lib/child.ts: announce `{ ready, port }` over
 * IPC, then answer commands — `stop` (close and exit normally; also when the parent goes away),
 * `profile-start` and `profile-stop` (a V8 CPU profile of just the measured window, written to
 * `file`) — each acknowledged with `{ reply: cmd }`.
 */
export function announce(port: number, close: () => Promise<void>): void {
  let stopping = false;
  let session: Session | null = null;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await Promise.race([close(), new Promise((r) => setTimeout(r, 2_000))]);
    } finally {
      process.exit(0);
    }
  };
  const handle = async (m: { cmd?: string; file?: string }) => {
    if (m.cmd === 'stop') return stop();
    if (m.cmd === 'profile-start') {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 250 });
      await session.post('Profiler.start');
    } else if (m.cmd === 'profile-stop' && session && m.file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(m.file, JSON.stringify(profile));
      session.disconnect();
      session = null;
    }
    process.send?.(m.cmd === 'memory' ? { reply: m.cmd, memory: process.memoryUsage() } : { reply: m.cmd });
  };
  process.on('message', (m) => void handle(m as { cmd?: string; file?: string }));
  process.on('disconnect', () => void stop());
  process.send?.({ ready: true, port });
}
