import type { AppDeps } from '../context';
import { describeError } from '../logger';

/**
 * A background job: `run` does one pass (claiming its work so that several processes can run
 * it at once) and says how much it did; the runner calls it again after `intervalMs`, or at
 * once while it keeps finding work.
 */
export interface Job {
  readonly name: string;
  readonly intervalMs: number;
  run(runtime: AppDeps): Promise<number>;
  /** Waits for work a pass started but did not await (deliveries still being sent), on stop. */
  drain?(runtime: AppDeps): Promise<void>;
}

export interface RunningJobs {
  stop(): Promise<void>;
}

/** Runs each job in its own loop until stopped; a failing pass is logged and retried later. */
export function startJobs(runtime: AppDeps, jobs: readonly Job[]): RunningJobs {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const passes = new Set<Promise<void>>();

  const loop = (job: Job) => {
    if (stopped) return;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const pass = job
      .run(runtime)
      .then((done) => {
        runtime.metrics.jobRan(job.name, seconds(), true);
        return done;
      })
      .catch((err) => {
        runtime.metrics.jobRan(job.name, seconds(), false);
        runtime.log.error('job failed', { job: job.name, ...describeError(err) });
        return 0;
      })
      .then((done) => {
        passes.delete(pass);
        if (stopped) return;
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            loop(job);
          },
          done > 0 ? 0 : job.intervalMs,
        );
        timers.add(timer);
      });
    passes.add(pass);
  };
  for (const job of jobs) loop(job);

  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all([...passes]);
      await Promise.all(jobs.map((job) => job.drain?.(runtime)));
    },
  };
}
