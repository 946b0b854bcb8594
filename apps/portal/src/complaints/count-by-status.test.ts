import { describe, expect, it } from 'vitest';
import { complaintIn, testWorld } from '../../test/harness';
import { userPrincipal } from '../http/principal';
import { countByStatus } from './read';

describe('countByStatus', () => {
  it("counts the caller's complaints in every status, 0 where none", async () => {
    const w = await testWorld();
    await complaintIn(w, 'assigned');
    await complaintIn(w, 'assigned');
    await complaintIn(w, 'proposed');
    await complaintIn(w, 'new');
    await w.intake({ merchantId: w.merchantB.id });
    const as = (role: 'merchant_agent' | 'commission_staff', merchantId: string | null) => ({
      ...w.runtime,
      principal: userPrincipal({ id: 'usr_x', role, merchant_id: merchantId, station_id: null }),
    });
    const merchant = await countByStatus(as('merchant_agent', w.merchantA.id));
    expect(merchant).toMatchObject({ assigned: 2, proposed: 1, new: 0, settled: 0 });
    const staff = await countByStatus(as('commission_staff', null));
    expect(staff).toMatchObject({ assigned: 3, proposed: 1, new: 1 });
  });
});
