import autocannon, { type Options, type Result } from 'autocannon';
import { type CpuShare, cpuMark, cpuSince } from './cpu';

export interface LoadFigures {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statuses: string;
  /** CPU of the server, of autocannon and of everything else during the measured seconds. */
  cpu: CpuShare;
}

function run(options: Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/**
 * Drives one scenario: `warmupSeconds` of the same traffic (discarded), then `seconds` measured.
 * `options` are autocannon's (url, headers, requests …); connections default to 32.
 */
export async function measure(
  name: string,
  options: Options,
  timing: { warmupSeconds: number; seconds: number; serverPid: number | null },
): Promise<LoadFigures> {
  const base = { connections: 32, timeout: 10, ...options };
  if (timing.warmupSeconds > 0) await run({ ...base, duration: timing.warmupSeconds });
  const mark = cpuMark(timing.serverPid);
  const r = await run({ ...base, duration: timing.seconds });
  const cpu = cpuSince(mark, timing.serverPid);
  return {
    name,
    requests: r.requests.total,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statuses: Object.entries(r.statusCodeStats ?? {})
      .map(([code, s]) => `${code}×${s.count}`)
      .join(' '),
    cpu,
  };
}
