import type { CreateComplaintInput, EventType } from '@redress/core';
import { createApiClient } from '../../../apps/portal/src/api-clients/service';
import { createComplaint } from '../../../apps/portal/src/complaints/intake';
import { testConfig } from '../../../apps/portal/src/config';
import { openRuntime, type Runtime } from '../../../apps/portal/src/deps';
import type { Clock } from '../../../apps/portal/src/http/clock';
import type { Principal } from '../../../apps/portal/src/http/principal';
import { SYSTEM } from '../../../apps/portal/src/http/principal';
import { silentLogger } from '../../../apps/portal/src/logger';
import { createMerchant } from '../../../apps/portal/src/merchants/service';
import { startServer } from '../../../apps/portal/src/server';
import { createStation } from '../../../apps/portal/src/stations/service';

/** An API client's credentials, as a merchant would paste them into the SDK. */
export interface Credentials {
  clientId: string;
  clientSecret: string;
}

const ADMIN: Principal = { ...SYSTEM, role: 'commission_admin' };

/**
 * A real portal on 127.0.0.1 and a random port over a fresh in-memory database, with two
 * merchants, a station, and API clients for each of them and for the commission.
 */
export async function startPortal(options: { clock?: Clock } = {}) {
  const runtime: Runtime = await openRuntime(testConfig({ databaseUrl: 'sqlite::memory:' }), {
    log: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const server = await startServer(runtime, { port: 0, hostname: '127.0.0.1', jobs: false });
  const system = { ...runtime, principal: SYSTEM };
  const admin = { ...runtime, principal: ADMIN };
  const merchantA = await createMerchant(admin, {
    name: '甲电器有限公司',
    creditCode: '91310115MA1K000016',
    slaPolicy: 'standard',
  });
  const merchantB = await createMerchant(admin, {
    name: '乙网络科技有限公司',
    creditCode: '91310115MA1K000029',
    slaPolicy: 'standard',
  });
  const station = await createStation(admin, {
    name: '第一八佰伴联络站',
    address: '张杨路501号',
    host: '第一八佰伴',
    online: true,
  });
  const credentials = async (
    actsAs: 'merchant' | 'station' | 'commission',
    scope: { merchantId?: string; stationId?: string } = {},
  ): Promise<Credentials> => {
    const c = await createApiClient(system, { name: `sdk test ${actsAs}`, actsAs, ...scope });
    return { clientId: c.id, clientSecret: c.secret! };
  };
  const clients = {
    merchantA: await credentials('merchant', { merchantId: merchantA.id }),
    merchantB: await credentials('merchant', { merchantId: merchantB.id }),
    station: await credentials('station', { stationId: station.id }),
    staff: await credentials('commission'),
  };
  const staff = {
    ...runtime,
    principal: {
      kind: 'client',
      id: clients.staff.clientId,
      role: 'commission_staff',
      actor: 'staff',
      merchantId: null,
      stationId: null,
      scopes: ['read', 'write'],
    } satisfies Principal,
  };

  /** Takes a complaint in for merchant A (or as told) through the portal's own service: fast. */
  function intake(overrides: Partial<CreateComplaintInput> = {}) {
    return createComplaint(staff, {
      kind: 'complaint',
      channel: 'hotline',
      merchantId: merchantA.id,
      subject: '空调安装后漏水，商家拒绝上门维修',
      description: '今年七月购买的空调，安装一个月后室内机漏水，多次联系客服未果。',
      category: 'appliance_repair',
      tags: ['after_sales'],
      consumer: { name: '张先生', phone: '13812345678', isMinor: false },
      claimFen: 59_900,
      ...overrides,
    });
  }

  /** How many events of `type` a complaint has: an action done twice shows here. */
  async function countEvents(complaintId: string, type: EventType): Promise<number> {
    const rows = await runtime.db
      .selectFrom('events')
      .select('id')
      .where('complaint_id', '=', complaintId)
      .where('type', '=', type)
      .execute();
    return rows.length;
  }

  return {
    url: server.url,
    runtime,
    merchantA,
    merchantB,
    station,
    clients,
    intake,
    countEvents,
    async close() {
      await server.close();
      await runtime.close();
    },
  };
}

export type Portal = Awaited<ReturnType<typeof startPortal>>;
