import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/http/principal';
import { createUser } from '../src/users/service';
import { TEST_DB } from './harness';
import {
  clientsIn,
  freshPlace,
  openPlace,
  type Place,
  type PortalProcess,
  startPortal,
  tokenFrom,
} from './process';

/**
 * The limits hold across two real portal processes on one PostgreSQL: what one process counted,
 * the other refuses. (On SQLite one process owns the database and counts in memory.)
 */

const places: Place[] = [];
const portals: PortalProcess[] = [];
afterEach(async () => {
  for (const p of portals.splice(0)) {
    p.child.kill('SIGTERM');
    await p.exited;
  }
  for (const place of places.splice(0)) await place.drop();
});

async function signIn(portal: PortalProcess, email: string, password: string) {
  const res = await fetch(`${portal.url}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  await res.arrayBuffer();
  return res;
}

describe.skipIf(TEST_DB !== 'postgres')('rate limits across two portal processes on PostgreSQL', () => {
  it('one account’s failures on either process lock it on both; after the wait it signs in', {
    timeout: 120_000,
  }, async () => {
    const place = await freshPlace();
    places.push(place);
    const { merchantId, merchant } = await clientsIn(place);
    const rt = await openPlace(place);
    const email = 'agent@example.cn';
    try {
      await createUser(
        { ...rt, principal: SYSTEM },
        { email, password: 'correct horse battery', role: 'merchant_agent', merchantId },
      );
    } finally {
      await rt.close();
    }
    const env = {
      REDRESS_MODE: 'development',
      REDRESS_WORKERS: 'false',
      REDRESS_LOCKOUT: '3',
      REDRESS_API_RATE: '6',
    };
    const [a, b] = await Promise.all([startPortal(place, env), startPortal(place, env)]);
    portals.push(a!, b!);

    for (let i = 0; i < 5; i++) {
      expect((await signIn(i % 2 ? b! : a!, email, `wrong ${i}`)).status, `failure ${i}`).toBe(401);
    }
    for (const portal of [a!, b!]) {
      const refused = await signIn(portal, email, 'correct horse battery');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('Retry-After'))).toBeLessThanOrEqual(3);
    }
    await new Promise((r) => setTimeout(r, 3_100));
    expect((await signIn(b!, email, 'correct horse battery')).status).toBe(200);

    // API calls of one principal, counted together: 6 a minute between both processes.
    const token = await tokenFrom(a!.url, merchant);
    const secondsIn = new Date().getUTCSeconds();
    if (secondsIn > 50) await new Promise((r) => setTimeout(r, (61 - secondsIn) * 1000));
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${(i % 2 ? b! : a!).url}/api/v1/complaints`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });
});
