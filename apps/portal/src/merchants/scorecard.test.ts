import { describe, expect, it } from 'vitest';
import { advance, complaintIn, testWorld } from '../../test/harness';
import { userPrincipal } from '../http/principal';
import { merchantScorecard } from './scorecard';

describe('merchantScorecard', () => {
  it("counts the merchant's on-time rate, first-settlement rate and amount recovered", async () => {
    const w = await testWorld();
    // Settled in time by the merchant (repair, ¥0), escalated by a decline, and one left to run late.
    await complaintIn(w, 'settled');
    await complaintIn(w, 'escalated');
    const late = await w.intake();
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${late.id}/acknowledge`);
    const proposed = await complaintIn(w, 'proposed');
    await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${proposed.id}/proposal-answers`, {
      accept: true,
    });
    await w.intake({ merchantId: w.merchantB.id });
    await advance(w, 30 * 86_400_000);
    await w.call(w.actors.stationA, 'POST', '/api/v1/settlements', {
      stationId: w.stationA.id,
      merchantId: w.merchantA.id,
      outcome: 'refund',
      amountFen: 5_000,
      consumerAccepted: true,
      summary: '现场退款',
    });

    const admin = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const res = await w.app.request('/settings', { headers: { Cookie: admin.cookie } });
    expect(res.status).toBe(200);
    const ctx = {
      ...w.runtime,
      principal: userPrincipal({
        id: admin.id,
        role: 'merchant_admin',
        merchant_id: w.merchantA.id,
        station_id: null,
      }),
    };
    const card = await merchantScorecard(ctx);
    expect(card.complaints).toBe(4);
    // Met: the settled one, the accepted proposal and the decline made in time; overdue: the one left to run.
    expect(card.onTime).toEqual({ met: 3, overdue: 1, rate: 0.75 });
    expect(card.firstSettlement).toEqual({ settled: 2, finished: 3, rate: 2 / 3 });
    // The accepted proposal (¥128) and the station's settlement naming the merchant (¥50).
    expect(card.amountSettled).toEqual({ amountFen: 12_800 + 5_000, currency: 'CNY' });
  });

  it('is for the merchant admin of that merchant and for staff', async () => {
    const w = await testWorld();
    const as = (role: 'merchant_agent' | 'commission_staff', merchant: string | null) => ({
      ...w.runtime,
      principal: userPrincipal({ id: 'usr_x', role, merchant_id: merchant, station_id: null }),
    });
    await expect(merchantScorecard(as('merchant_agent', w.merchantA.id))).rejects.toThrow(/role/);
    const staffCard = await merchantScorecard(as('commission_staff', null), w.merchantB.id);
    expect(staffCard.onTime.rate).toBeNull();
  });
});
