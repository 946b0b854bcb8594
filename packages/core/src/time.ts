/**
 * Time in Redress: instants are epoch milliseconds inside the system and ISO-8601 with the
 * +08:00 offset at the edges. Asia/Shanghai has kept UTC+8 without daylight saving since
 * 1991, so a fixed offset is exact for every date Redress handles.
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at 00:00 Shanghai time of a YYYY-MM-DD date. */
export function shanghaiMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}

/**
 * An instant as ISO-8601 in Shanghai time.
 * @example toIso(Date.parse('2026-01-01T00:00:00Z')) // '2026-01-01T08:00:00.000+08:00'
 */
export function toIso(epochMs: number): string {
  // The inbox formats five instants per complaint: the day part is built once per day and the
  // time of day by integer arithmetic, the same string as `toIsoPlain` (a property test checks).
  const local = Math.trunc(epochMs + SHANGHAI_OFFSET_MS);
  const day = Math.floor(local / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11); // throws RangeError for NaN
    if (dayPrefixes.size >= 10_000) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  let t = local - day * DAY_MS;
  const milli = t % 1000;
  t = (t - milli) / 1000;
  const s = t % 60;
  t = (t - s) / 60;
  const m = t % 60;
  return `${prefix}${pad2((t - m) / 60)}:${pad2(m)}:${pad2(s)}.${milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : milli}+08:00`;
}

const dayPrefixes = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** `toIso` the obvious way: the reference the fast one is tested against. */
export function toIsoPlain(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** Parses an ISO-8601 timestamp (any offset) to epoch ms; NaN when it is not one. */
export function fromIso(text: string): number {
  return Date.parse(text);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a YYYY-MM-DD date: 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
