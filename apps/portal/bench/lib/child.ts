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
  /** Sends a command (`profile-start`, `profile-stop` with `file`, `memory`) and waits for its answer. */
  command(cmd: string, extra?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Asks the child to exit (it closes the server and the database), then kills it if it lingers. */
  stop(): Promise<void>;
}

const TSX = import.meta.resolve('tsx');

/**
 * Starts `script` (a file under bench/servers) as a separate Node process running through the
 * tsx loader — `node --import tsx script`, so that the pid is the server itself and its memory
 * can be read from /proc — or a compiled `.mjs` (an absolute path) on plain Node, and waits for
 * it to report `{ ready: true, port }` over IPC.
 */
export function startChild(
  script: string,
  env: Record<string, string>,
  options: { nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<ChildServer> {
  // A compiled `.mjs` (see bench/lib/compiled.ts) runs on plain Node; a `.ts` under tsx.
  const entry = script.endsWith('.mjs')
    ? [script]
    : ['--import', TSX, join(PORTAL_DIR, 'bench', 'servers', script)];
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: PORTAL_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const pid = child.pid;
  if (pid === undefined) return Promise.reject(new Error(`could not start ${script}`));
  const rss = new RssSampler(pid);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8_192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => rss.stop());

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${options.timeoutMs ?? 30_000} ms:\n${tail}`));
    }, options.timeoutMs ?? 30_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready (${code ?? signal}):\n${tail}`));
    });
    child.on('message', (message: unknown) => {
      const m = message as { ready?: boolean; port?: number };
      if (!m.ready || typeof m.port !== 'number') return;
      clearTimeout(timer);
      const port = m.port;
      resolve({
        pid,
        port,
        url: `http://127.0.0.1:${port}`,
        rss,
        output: () => tail,
        command: (cmd, extra = {}) =>
          new Promise<Record<string, unknown>>((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`${script} did not answer ${cmd}`)), 30_000);
            const onReply = (reply: unknown) => {
              if ((reply as { reply?: string }).reply !== cmd) return;
              clearTimeout(timer);
              child.off('message', onReply);
              done(reply as Record<string, unknown>);
            };
            child.on('message', onReply);
            child.send({ cmd, ...extra });
          }),
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.send({ cmd: 'stop' });
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
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
