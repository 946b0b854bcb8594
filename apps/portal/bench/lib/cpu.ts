import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/stat (USER_HZ); 100 on every Linux the bench runs on. */
const HZ = 100;

function busyTicks(): number {
  // cpu  user nice system idle iowait irq softirq steal …
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return user + nice + system + irq + softirq + steal;
}

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

export interface CpuMark {
  wall: number;
  busy: number;
  server: number;
  self: number;
}

/** Where the machine's CPU went between two marks, in cores. */
export interface CpuShare {
  server: number;
  /** This process: autocannon, or the in-process work. */
  load: number;
  /** Everything else on the machine (other engineers' tests, databases …): noise in the figures. */
  others: number;
}

export function cpuMark(serverPid: number | null): CpuMark {
  return {
    wall: performance.now(),
    busy: busyTicks(),
    server: serverPid === null ? 0 : processTicks(serverPid),
    self: processTicks(process.pid),
  };
}

export function cpuSince(mark: CpuMark, serverPid: number | null): CpuShare {
  const now = cpuMark(serverPid);
  const seconds = (now.wall - mark.wall) / 1000;
  const cores = (ticks: number) => Math.max(0, ticks / HZ / seconds);
  const server = now.server - mark.server;
  const self = now.self - mark.self;
  return { server: cores(server), load: cores(self), others: cores(now.busy - mark.busy - server - self) };
}
