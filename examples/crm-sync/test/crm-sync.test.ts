import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Event, Redress } from '@redress/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../../../packages/sdk/test/portal';
import { CrmStore } from '../src/store';
import { syncComplaints } from '../src/sync';

let portal: Portal;
let dir: string;

beforeAll(async () => {
  portal = await startPortal();
  dir = mkdtempSync(join(tmpdir(), 'redress-crm-'));
});
afterAll(async () => {
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the sync until `done` holds for the store, then stops it. */
async function runUntil(file: string, done: (store: CrmStore) => boolean): Promise<Event[]> {
  const store = new CrmStore(file);
  const redress = new Redress({ baseUrl: portal.url, ...portal.clients.merchantA });
  const stop = new AbortController();
  const handled: Event[] = [];
  const timer = setTimeout(() => stop.abort(), 20_000);
  try {
    await syncComplaints({
      redress,
      store,
      signal: stop.signal,
      intervalMs: 25,
      onEvent: (e) => {
        handled.push(e);
        if (done(store)) stop.abort();
      },
    });
  } finally {
    clearTimeout(timer);
    store.close();
  }
  return handled;
}

const answered = (n: number) => (s: CrmStore) =>
  s.complaints().filter((c) => c.answeredAt && c.status !== 'assigned').length >= n;

describe('examples/crm-sync against a real portal', () => {
  it('syncs and answers, stops, and resumes from its cursor without handling anything twice', async () => {
    const file = join(dir, 'crm.db');
    const first = [await portal.intake(), await portal.intake(), await portal.intake()];
    const other = await portal.intake({ merchantId: portal.merchantB.id });

    const run1 = await runUntil(file, answered(3));
    for (const c of first) {
      expect(await portal.countEvents(c.id, 'complaint.acknowledged'), c.id).toBe(1);
      expect(await portal.countEvents(c.id, 'complaint.message_sent'), c.id).toBe(1);
    }
    const store = new CrmStore(file);
    const cursor = store.cursor();
    expect(cursor).toBe(run1.at(-1)?.id);
    expect(store.complaints().map((c) => c.id)).not.toContain(other.id);
    store.close();

    // While the sync is stopped, two complaints come in.
    const later = [await portal.intake(), await portal.intake()];
    const run2 = await runUntil(file, answered(5));

    // The restart began after the saved cursor: no event of the first run came again.
    const firstIds = new Set(run1.map((e) => e.id));
    expect(run2.filter((e) => firstIds.has(e.id))).toEqual([]);
    expect(run2[0]!.id > cursor!).toBe(true);
    for (const c of [...first, ...later]) {
      expect(await portal.countEvents(c.id, 'complaint.acknowledged'), c.id).toBe(1);
      expect(await portal.countEvents(c.id, 'complaint.message_sent'), c.id).toBe(1);
    }

    // The store holds every complaint, answered, and every event of the feed exactly once.
    const final = new CrmStore(file);
    const feed = await new Redress({ baseUrl: portal.url, ...portal.clients.merchantA }).events
      .list()
      .toArray();
    const handled = final.handledEventIds();
    expect(new Set(handled).size).toBe(handled.length);
    expect(
      feed
        .map((e) => e.id)
        .slice(0, handled.length)
        .sort(),
    ).toEqual([...handled].sort());
    expect(
      final
        .complaints()
        .map((c) => c.id)
        .sort(),
    ).toEqual([...first, ...later].map((c) => c.id).sort());
    expect(final.complaints().every((c) => c.answeredAt !== null)).toBe(true);
    final.close();
  });
});
