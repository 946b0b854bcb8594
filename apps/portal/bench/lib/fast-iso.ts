import { DAY_MS, SHANGHAI_OFFSET_MS } from '@redress/core';

const dayPrefix = new Map<number, string>();
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * The proposed `toIso` for packages/core/src/time.ts: the same string as
 * `new Date(ms + 8 h).toISOString().replace('Z', '+08:00')` (the bench checks it over random
 * instants and the edges), with the `YYYY-MM-DDT` of each day computed once and the time of day
 * by integer arithmetic. The inbox calls `toIso` five times per complaint (250 per page).
 */
export function fastToIso(epochMs: number): string {
  const local = Math.trunc(epochMs + SHANGHAI_OFFSET_MS);
  const day = Math.floor(local / DAY_MS);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    const iso = new Date(day * DAY_MS).toISOString(); // RangeError for NaN, as today
    prefix = iso.slice(0, iso.indexOf('T') + 1);
    if (dayPrefix.size >= 10_000) dayPrefix.clear();
    dayPrefix.set(day, prefix);
  }
  let t = local - day * DAY_MS;
  const milli = t % 1000;
  t = (t - milli) / 1000;
  const s = t % 60;
  t = (t - s) / 60;
  const m = t % 60;
  return `${prefix}${two((t - m) / 60)}:${two(m)}:${two(s)}.${three(milli)}+08:00`;
}
