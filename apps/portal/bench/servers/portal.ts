/**
 * The portal as `redress serve` runs it — loadConfig(process.env), openRuntime, startServer —
 * but bound to 127.0.0.1 on a free port. The bench sets DATABASE_URL, REDRESS_DATA_DIR (for
 * the signing keys it issued the token with) and REDRESS_WORKERS=false.
 */
import { loadConfig } from '../../src/config';
import { openRuntime } from '../../src/deps';
import { startServer } from '../../src/server';
import { announce } from './ipc';

const runtime = await openRuntime(loadConfig(process.env));
const server = await startServer(runtime, { port: 0, hostname: '127.0.0.1' });
announce(server.port, async () => {
  await server.close();
  await runtime.close();
});
