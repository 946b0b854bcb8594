/**
 * How many months of the dashboard's counts one app keeps: two years for some twenty
 * different filters (a month of a district's 64,000 complaints a year is ~100 KB).
 */
export const FIGURES_CACHE_ENTRIES = 500;

interface Entry<T> {
  signature: string;
  /** The first instant at which the counts could differ without any write: a deadline passing. */
  validUntil: number;
  value: T;
}

/**
 * The dashboard's counts of each month, per app (figures/dashboard.ts): an entry holds while
 * the month's data has the signature it was counted at (its complaints' number and summed
 * versions, its settlements' number and last id: every write to a complaint raises its
 * version, a settlement is never changed once recorded) and until the first deadline among
 * its complaints passes (an overdue complaint is missed from that instant on). Least recently
 * used first out.
 */
export class FiguresCache<T = unknown> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly capacity = FIGURES_CACHE_ENTRIES) {}

  /** The value kept for `key` if it was counted at `signature` and holds at `now`. */
  get(key: string, signature: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.signature !== signature || now >= entry.validUntil) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, signature: string, validUntil: number, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { signature, validUntil, value });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
