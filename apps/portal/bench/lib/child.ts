import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/portal: the working directory of every child, so `src/…` and `tsx` resolve as in `npm start`. */
export const PORTAL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Resident memory of a process in bytes (VmRSS), or null once it has gone. */
export function rssOf(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples VmRSS of a process every `everyMs` until stopped or the process is gone. */
export class RssSampler {
  max = 0;
  samples = 0;
  last = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(
    private readonly pid: number,
    everyMs = 100,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }
  private sample() {
    const rss = rssOf(this.pid);
    if (rss === null) return;
    this.samples++;
    this.last = rss;
    if (rss > this.max) this.max = rss;
  }
  stop() {
    this.sample();
    clearInterval(this.timer);
  }
}

export interface ChildServer {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  readonly rss: RssSampler;
  /** The last few KB of the child's stdout and stderr. */
  output(): string;
  /** Asks the child to exit (it closes the server and the database), then kills it if it lingers. */
  stop(): Promise<void>;
}

const TSX = import.meta.resolve('tsx');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** Starts a process, samples its memory, keeps the tail of its output, and knows when it exits. */
function spawnServer(args: string[], env: Record<string, string>, ipc: boolean) {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: PORTAL_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start node ${args.join(' ')}`);
  const rss = new RssSampler(pid);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8_192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => rss.stop());
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  /** Waits for the exit that `ask` requests, killing the child when it lingers. */
  const stopWith = async (ask: () => void) => {
    if (gone()) return;
    ask();
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  };
  return { child, pid, rss, output: () => tail, stopWith };
}

/**
 * The Node options production runs the portal with: those of the portal's `serve` script
 * (`npm run serve -w @redress/portal`), read from its package.json so the bench cannot drift.
 */
export function productionNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(PORTAL_DIR, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const serve = pkg.scripts.serve ?? '';
  const match = /^node((?:\s+--\S+)*)\s+dist\/cli\.js serve$/.exec(serve);
  if (!match) throw new Error(`the serve script is not "node [--options] dist/cli.js serve": ${serve}`);
  return match[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}

/**
 * The portal exactly as production runs it: `node <production options> dist/cli.js serve` (the
 * tsup bundle; see `buildPortal`), configured by the environment only. PORT=0 takes a free port, which the
 * server prints in its welcome line; SIGTERM stops it as it would in production. `nodeArgs`
 * (such as `--cpu-prof`) go before the script.
 */
export function startPortal(
  env: Record<string, string>,
  options: { nodeArgs?: string[] } = {},
): Promise<ChildServer> {
  const s = spawnServer(
    [...productionNodeArgs(), ...(options.nodeArgs ?? []), join(PORTAL_DIR, 'dist', 'cli.js'), 'serve'],
    { ...env, PORT: '0' },
    false,
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.child.kill('SIGKILL');
      reject(new Error(`the portal did not start within ${START_TIMEOUT_MS} ms:\n${s.output()}`));
    }, START_TIMEOUT_MS);
    s.child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the portal exited before it was ready (${code ?? signal}):\n${s.output()}`));
    });
    const onData = () => {
      const match = /running at http:\/\/[^:\s]+:(\d+)/.exec(s.output());
      if (!match) return;
      s.child.stdout?.off('data', onData);
      clearTimeout(timer);
      const port = Number(match[1]);
      resolve({
        pid: s.pid,
        port,
        url: `http://127.0.0.1:${port}`,
        rss: s.rss,
        output: s.output,
        stop: () => s.stopWith(() => s.child.kill('SIGTERM')),
      });
    };
    s.child.stdout?.on('data', onData);
  });
}

/**
 * A reference server (a file under bench/servers) as a separate Node process through the tsx
 * loader, so that the pid is the server itself; it reports `{ ready: true, port }` over IPC
 * and exits when sent `{ cmd: 'stop' }`.
 */
export function startChild(script: string, env: Record<string, string>): Promise<ChildServer> {
  const s = spawnServer(['--import', TSX, join(PORTAL_DIR, 'bench', 'servers', script)], env, true);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${START_TIMEOUT_MS} ms:\n${s.output()}`));
    }, START_TIMEOUT_MS);
    s.child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready (${code ?? signal}):\n${s.output()}`));
    });
    s.child.on('message', (message: unknown) => {
      const m = message as { ready?: boolean; port?: number };
      if (!m.ready || typeof m.port !== 'number') return;
      clearTimeout(timer);
      resolve({
        pid: s.pid,
        port: m.port,
        url: `http://127.0.0.1:${m.port}`,
        rss: s.rss,
        output: s.output,
        stop: () => s.stopWith(() => s.child.send({ cmd: 'stop' })),
      });
    });
  });
}

/** Builds the production bundle (`npx tsup` in apps/portal → dist/cli.js), as `npm start` does. */
export async function buildPortal(): Promise<number> {
  const r = await runCommand('npx', ['tsup', '--silent'], { cwd: PORTAL_DIR, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`npx tsup failed (${r.code}):\n${(r.stderr || r.stdout).slice(-3_000)}`);
  return r.ms;
}

/** Runs a command to completion with a time limit, collecting its output. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs: number; env?: Record<string, string> },
): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-16_384);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole group this command started (npm → sh → node …), and nothing else.
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
    }, options.timeoutMs);
    child.on('error', (err) => {
      stderr += String(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, ms: performance.now() - started });
    });
  });
}
