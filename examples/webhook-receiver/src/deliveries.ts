/**
 * The `webhook-id`s already handled. Redress delivers at least once (a retry after a lost
 * answer, a manual retry), so a receiver keeps the ids it handled and ignores repeats. This one
 * keeps the latest `max` ids in memory; a receiver running several processes would keep them
 * in its database instead.
 */
export interface DeliveryLog {
  /** True the first time an id is claimed; false for a repeat (or one being handled now). */
  claim(id: string): boolean;
  /** Forgets a claim whose handling failed, so the next delivery of it is handled. */
  release(id: string): void;
}

export function memoryDeliveryLog(max = 10_000): DeliveryLog {
  const ids = new Set<string>();
  return {
    claim(id) {
      if (ids.has(id)) return false;
      ids.add(id);
      // A Set iterates in insertion order: the first is the oldest.
      if (ids.size > max) ids.delete(ids.values().next().value as string);
      return true;
    },
    release(id) {
      ids.delete(id);
    },
  };
}
