import { type Complaint, Redress } from '@redress/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from './portal';

const TOTAL = 320;
let portal: Portal;
let pages: string[];
let redress: Redress;

beforeAll(async () => {
  portal = await startPortal();
  for (let i = 0; i < TOTAL; i++) await portal.intake({ externalRef: `12315-${i}` });
  pages = [];
  redress = new Redress({
    baseUrl: portal.url,
    ...portal.clients.merchantA,
    onResponse: ({ url }) => {
      if (url.includes('/api/v1/complaints')) pages.push(url);
    },
  });
}, 120_000);
afterAll(() => portal.close());

describe('lists over several hundred complaints', () => {
  it('await the first page', async () => {
    pages.length = 0;
    const page = await redress.complaints.list({ limit: 50 });
    expect(page.data).toHaveLength(50);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(pages).toHaveLength(1);
  });

  it('iterate every item across pages with for await, each once, newest first', async () => {
    pages.length = 0;
    const seen: Complaint[] = [];
    for await (const c of redress.complaints.list({ limit: 45 })) seen.push(c);
    expect(seen).toHaveLength(TOTAL);
    expect(new Set(seen.map((c) => c.id)).size).toBe(TOTAL);
    const received = seen.map((c) => c.receivedAt);
    expect([...received].sort().reverse()).toEqual(received);
    expect(pages).toHaveLength(Math.ceil(TOTAL / 45));
  });

  it('cap the total with toArray({ limit }), fetching only the pages needed', async () => {
    pages.length = 0;
    const some = await redress.complaints.list({ limit: 40 }).toArray({ limit: 100 });
    expect(some).toHaveLength(100);
    expect(pages).toHaveLength(3);
    expect(await redress.complaints.list({ limit: 100 }).toArray({ limit: 0 })).toEqual([]);
  });

  it('iterate page by page with pages(), reusing the first page once awaited', async () => {
    pages.length = 0;
    const list = redress.complaints.list({ limit: 100 });
    const first = await list;
    const sizes: number[] = [];
    for await (const page of list.pages()) sizes.push(page.data.length);
    expect(sizes).toEqual([100, 100, 100, 20]);
    expect((await list).data[0]?.id).toBe(first.data[0]?.id);
    expect(pages).toHaveLength(4);
  });

  it('walk the event feed to its end', async () => {
    const events = await redress.events.list({ limit: 100 }).toArray();
    // Each intake writes complaint.received and complaint.assigned.
    expect(events).toHaveLength(TOTAL * 2);
  });
});
