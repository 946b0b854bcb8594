/**
 * The bench's time budget (the whole run stays under 5 minutes): the measurements the targets
 * need always run; the diagnostics (what-ifs, component costs, profiles) run only while the time
 * left, less what the later sections need, affords them, and the report says what was skipped.
 */
const started = performance.now();
const LIMIT_MS = 285_000;
let reserveMs = 0;
const skipped: string[] = [];

export const budget = {
  /** Time kept for the sections still to come. */
  reserve(ms: number): void {
    reserveMs = ms;
  },
  elapsedMs: () => performance.now() - started,
  /** Whether a diagnostic of about `ms` fits; records it as skipped when it does not. */
  affords(what: string, ms: number): boolean {
    const fits = performance.now() - started + ms + reserveMs <= LIMIT_MS;
    if (!fits) skipped.push(what);
    return fits;
  },
  skipped: (): readonly string[] => skipped,
};
