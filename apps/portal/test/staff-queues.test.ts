import { describe, expect, it } from 'vitest';
import { sweep } from '../src/complaints/sweeper';
import { seedDemo } from '../src/seed/demo';
import { complaintIn, MONDAY_10AM, shanghai, type TestWorld, testWorld, timelineOf } from './harness';

/**
 * The commission's own deadlines where staff work (issue 11): the acceptance deadline on the
 * new queue (7 working days from receipt, art. 15), the mediation deadline on the escalated
 * queue (60 calendar days from escalation, art. 23), the sweeper's notices to staff, and the
 * overdue queue (what is still to do by default, the history as a filter). Through the API and
 * the pages, with the injectable clock; the clock starts Monday 2026-11-30 10:00.
 */

async function page(w: TestWorld, path: string) {
  const res = await w.app.request(path, { headers: { Accept: 'text/html', Cookie: w.admin.cookie } });
  expect(res.status, path).toBe(200);
  return res.text();
}

/** The references of a queue page's rows, in order, with each row's commission badge (or null). */
function rowsOf(html: string): { reference: string; badge: string | null }[] {
  return [...html.matchAll(/<tr data-complaint="([^"]+)">([\s\S]*?)<\/tr>/g)].map((m) => ({
    reference: m[1]!,
    badge: /data-commission="([a-z_]+)"/.exec(m[2]!)?.[1] ?? null,
  }));
}

const countOn = (html: string, queue: string) =>
  Number(new RegExp(`data-count="${queue}"> (\\d+)<`).exec(html)?.[1] ?? Number.NaN);

/** A new (unrouted) complaint received at `received` (Shanghai time). */
const received = (w: TestWorld, at: string, subject = `收到于${at}`) =>
  w.intake({ merchantId: undefined, receivedAt: `${at}:00+08:00`, subject });

describe('the new-complaint queue', () => {
  it('shows each acceptance deadline with its state, earliest first, and pages by it', async () => {
    const w = await testWorld();
    // 7 working days from receipt, the day of receipt not counted (Order 121 arts. 15 and 45).
    const onTrack = await received(w, '2026-11-30T09:00'); // by 24:00 Wed 9 Dec
    const breached = await received(w, '2026-11-18T15:00'); // by 24:00 Fri 27 Nov: passed
    const dueSoon = await received(w, '2026-11-19T15:00'); // by 24:00 Mon 30 Nov: today
    const tiedA = await received(w, '2026-11-27T11:00'); // by 24:00 Tue 8 Dec
    const tiedB = await received(w, '2026-11-27T16:00'); // the same deadline: id breaks the tie
    await w.intake(); // routed at intake: not in the queue
    expect(onTrack.commission).toEqual({
      accept: { dueAt: '2026-12-10T00:00:00.000+08:00', doneAt: null },
      mediation: null,
    });
    expect(breached.commission.accept.dueAt).toBe('2026-11-28T00:00:00.000+08:00');
    expect(dueSoon.commission.accept.dueAt).toBe('2026-12-01T00:00:00.000+08:00');
    expect(tiedA.commission.accept.dueAt).toBe(tiedB.commission.accept.dueAt);

    const order = [breached, dueSoon, ...[tiedA, tiedB].sort((a, b) => (a.id < b.id ? -1 : 1)), onTrack];
    // The API, two at a time: every complaint once, in deadline order.
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 5; i++) {
      const res = await w.call(
        w.actors.staff,
        'GET',
        `/api/v1/complaints?status=new&sort=commissionDueAt&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((c: { id: string }) => c.id));
      if (!res.body.nextCursor) break;
      cursor = encodeURIComponent(res.body.nextCursor);
    }
    expect(seen).toEqual(order.map((c) => c.id));

    const html = await page(w, '/staff');
    expect(rowsOf(html)).toEqual([
      { reference: breached.reference, badge: 'breached' },
      { reference: dueSoon.reference, badge: 'due_soon' },
      ...order.slice(2, 4).map((c) => ({ reference: c.reference, badge: 'on_track' })),
      { reference: onTrack.reference, badge: 'on_track' },
    ]);
    expect(html).toContain('受理决定期限');
    expect(html).toContain(
      '2026-11-30 24:00</span> <span class="badge sla sla-due_soon" data-commission="due_soon">即将到期',
    );
    expect(countOn(html, 'new')).toBe(5);
    const en = await page(w, '/staff?lang=en');
    expect(en).toContain('Acceptance deadline');
    expect(en).toContain('>Breached</span>');

    // Routed: the stage ended; the complaint leaves the queue and its notice with it.
    await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${dueSoon.id}/assign`, {
      merchantId: w.merchantA.id,
    });
    const routed = await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${dueSoon.id}`);
    expect(routed.body.commission.accept).toEqual({
      dueAt: '2026-12-01T00:00:00.000+08:00',
      doneAt: '2026-11-30T10:00:00.000+08:00',
    });
    expect(rowsOf(await page(w, '/staff')).map((r) => r.reference)).not.toContain(dueSoon.reference);
  });
});

describe('the escalated queue', () => {
  it('shows the mediation deadline and its state, not the merchant’s badge', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'escalated'); // declined on Monday 30 Nov, 10:00
    // 60 calendar days: 24:00 Friday 29 January 2027, a working day.
    expect(c.commission.mediation).toEqual({ dueAt: '2027-01-30T00:00:00.000+08:00', doneAt: null });
    const badge = async () => rowsOf(await page(w, '/staff?queue=escalated'))[0]?.badge;
    expect(await badge()).toBe('on_track');
    const html = await page(w, '/staff?queue=escalated');
    expect(html).toContain('调解期限');
    expect(html).not.toContain('按时完成');

    await w.travel(shanghai('2027-01-28T09:00:00'));
    expect(await badge()).toBe('due_soon');
    await w.travel(shanghai('2027-01-30T08:00:00'));
    expect(await badge()).toBe('breached');

    // Ended late: out of the queue, into the overdue queue's history.
    await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/close`, { reason: '调解终止' });
    expect(rowsOf(await page(w, '/staff?queue=escalated'))).toEqual([]);
    expect(rowsOf(await page(w, '/staff?queue=overdue&view=ended'))).toEqual([
      { reference: c.reference, badge: 'ended_late' },
    ]);
  });
  it('keeps a complaint in mediation while the mediator’s proposal waits, and counts it on the tab', async () => {
    const w = await testWorld();
    const mediated = await complaintIn(w, 'escalated');
    const merchantsOwn = await complaintIn(w, 'acknowledged');
    const proposal = { outcome: 'refund', amountFen: 30_000, terms: '退还货款300元' };
    const byMerchant = await w.call(
      w.actors.merchantA,
      'POST',
      `/api/v1/complaints/${merchantsOwn.id}/proposals`,
      proposal,
    );
    expect(byMerchant.body.status).toBe('proposed');
    const byMediator = await w.call(
      w.actors.staff,
      'POST',
      `/api/v1/complaints/${mediated.id}/proposals`,
      proposal,
    );
    expect(byMediator.status, JSON.stringify(byMediator.body)).toBe(200);
    expect(byMediator.body.status).toBe('proposed');
    const html = await page(w, '/staff?queue=escalated');
    // The mediator's proposal is still mediation; the merchant's own proposal never was.
    expect(rowsOf(html)).toEqual([{ reference: mediated.reference, badge: 'on_track' }]);
    expect(countOn(html, 'escalated')).toBe(1);
  });
});

describe('notices to staff', () => {
  it('raises due-soon and breached notices on the commission’s deadlines once, with two sweepers at once', async () => {
    const w = await testWorld({ now: shanghai('2026-11-26T10:00:00') }); // a Thursday
    const accept = await received(w, '2026-11-19T15:00'); // acceptance by 24:00 Mon 30 Nov
    const mediation = await complaintIn(w, 'escalated'); // mediation by 24:00 Mon 25 Jan 2027
    expect(mediation.commission.mediation.dueAt).toBe('2027-01-26T00:00:00.000+08:00');

    const both = async () => {
      const [a, b] = await Promise.all([sweep(w.runtime), sweep(w.runtime)]);
      return {
        dueSoon: a.commissionDueSoon + b.commissionDueSoon,
        breached: a.commissionBreached + b.commissionBreached,
      };
    };
    expect(await both()).toEqual({ dueSoon: 0, breached: 0 });
    const landing = await page(w, '/staff');
    expect(landing).toContain('data-notices="0"');

    // Friday: Monday is the next working day, the acceptance deadline's last day.
    await w.travel(shanghai('2026-11-27T18:00:00'));
    expect(await both()).toEqual({ dueSoon: 1, breached: 0 });
    expect(await both()).toEqual({ dueSoon: 0, breached: 0 });
    await w.travel(shanghai('2026-12-01T00:00:01'));
    expect(await both()).toEqual({ dueSoon: 0, breached: 1 });
    expect(await both()).toEqual({ dueSoon: 0, breached: 0 });

    const events = (await timelineOf(w, accept.id)).filter((e) => e.type.startsWith('complaint.commission_'));
    expect(events.map((e) => [e.type, e.data.stage, e.data.dueAt])).toEqual([
      ['complaint.commission_due_soon', 'accept', '2026-12-01T00:00:00.000+08:00'],
      ['complaint.commission_breached', 'accept', '2026-12-01T00:00:00.000+08:00'],
    ]);
    // For staff: the commission's feed has them, the merchant's never does.
    const feed = async (actor: 'staff' | 'merchantA') =>
      (
        await w.call(
          w.actors[actor],
          'GET',
          '/api/v1/events?types=complaint.commission_due_soon,complaint.commission_breached',
        )
      ).body.data.length;
    expect(await feed('staff')).toBe(2);
    expect(await feed('merchantA')).toBe(0);

    let html = await page(w, '/staff');
    expect(html).toContain('data-notices="1"');
    expect(html).toContain(`<li data-notice="breached">`);
    expect(html).toContain(accept.reference);

    // The mediation deadline, the same way.
    await w.travel(shanghai('2027-01-22T09:00:00')); // Friday: Monday is the last day
    expect(await both()).toEqual({ dueSoon: 1, breached: 0 });
    await w.travel(shanghai('2027-01-26T00:00:00'));
    expect(await both()).toEqual({ dueSoon: 0, breached: 1 });
    html = await page(w, '/staff');
    expect(html).toContain('data-notices="2"');
    expect(html).toContain('已超期 2 件，即将到期 0 件。');

    // Routing the new one ends its deadline: its notice leaves the list.
    await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${accept.id}/assign`, {
      merchantId: w.merchantA.id,
    });
    html = await page(w, '/staff');
    expect(html).toContain('data-notices="1"');
    expect(html).not.toContain(accept.reference);
    expect(await both()).toEqual({ dueSoon: 0, breached: 0 });
  });
});

describe('the overdue queue', () => {
  it('lists what is still to do by default, with its count on the tab; what ended late is the history', async () => {
    const w = await testWorld({ now: shanghai('2026-11-30T10:00:00') });
    const notAcknowledged = await w.intake(); // acknowledge by 24:00 Wed 2 Dec
    const notRouted = await received(w, '2026-11-30T09:00'); // accept by 24:00 Wed 9 Dec
    const lateButSettled = await w.intake();
    const onTrack = await complaintIn(w, 'acknowledged');
    void onTrack;
    await w.travel(shanghai('2026-12-03T10:00:00'));
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${lateButSettled.id}/acknowledge`);
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${lateButSettled.id}/settlement`, {
      outcome: 'repair',
      amountFen: 0,
      consumerAccepted: true,
    });
    await w.travel(shanghai('2026-12-10T09:00:00'));

    const open = await page(w, '/staff?queue=overdue');
    // The deadline that passed first at the top: the acknowledgement (2 Dec), then the acceptance (9 Dec).
    expect(rowsOf(open)).toEqual([
      { reference: notAcknowledged.reference, badge: null },
      { reference: notRouted.reference, badge: 'breached' },
    ]);
    expect(countOn(open, 'overdue')).toBe(2);
    expect(countOn(await page(w, '/staff'), 'overdue')).toBe(2);
    expect(open).toContain('href="/staff?queue=overdue&amp;view=ended"');

    const history = await page(w, '/staff?queue=overdue&view=ended');
    expect(rowsOf(history).map((r) => r.reference)).toEqual([lateButSettled.reference]);

    // The API's slaState=overdue still reads the merchant's SLA, history included.
    const api = await w.call(w.actors.staff, 'GET', '/api/v1/complaints?slaState=overdue');
    expect(api.body.data.map((c: { id: string }) => c.id).sort()).toEqual(
      [notAcknowledged.id, lateButSettled.id].sort(),
    );
    void MONDAY_10AM;
  });
});

describe('the demo seed', () => {
  it('has a new complaint near its acceptance deadline and one in mediation near its mediation deadline', async () => {
    const w = await testWorld();
    await seedDemo(w.runtime, { complaints: 12 });
    const badges = async (queue: string) =>
      rowsOf(await page(w, `/staff?queue=${queue}`)).map((r) => r.badge);
    expect(await badges('new')).toContain('due_soon');
    expect(await badges('escalated')).toContain('due_soon');
    const swept = await sweep(w.runtime);
    expect(swept.commissionDueSoon).toBeGreaterThanOrEqual(2);
    expect(await page(w, '/staff')).toContain('<li data-notice="due_soon">');
  });
});
