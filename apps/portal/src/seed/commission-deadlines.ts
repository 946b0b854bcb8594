import { COMMISSION_TARGETS, DAY_MS, deadline, type Merchant } from '@redress/core';
import { assignComplaint, createComplaint, declineComplaint } from '../complaints';
import type { AppDeps } from '../context';
import type { ManualClock } from '../http/clock';
import { type Principal, SYSTEM } from '../http/principal';
import { dueSoonBefore } from '../sla';

const STAFF: Principal = { ...SYSTEM, kind: 'user', role: 'commission_staff', actor: 'staff' };

/**
 * Two complaints for the commission's own deadlines, so that staff see them on their queues
 * and the sweeper raises its notices at once: a new complaint whose acceptance deadline (7
 * working days from receipt, art. 15) is due soon, and one in mediation whose mediation
 * deadline (60 calendar days from escalation, art. 23) is due soon.
 */
export async function seedCommissionDeadlines(
  deps: AppDeps & { clock: ManualClock },
  world: { merchants: Merchant[]; until: number },
): Promise<void> {
  const now = world.until;
  const calendar = await deps.calendars.get(now);
  const soon = dueSoonBefore({ now, calendar });
  /** The latest instant, a whole number of days before now, whose deadline falls due soon. */
  const before = (target: { amount: number; unit: 'working_days' | 'calendar_days' }, from: number) => {
    for (let days = from; days < from + 20; days++) {
      const at = now - days * DAY_MS;
      const due = deadline(calendar, at, target.amount, target.unit).dueAt;
      if (due > now && due <= soon) return at;
    }
    return now - from * DAY_MS;
  };
  const ctx = { ...deps, principal: STAFF };
  const input = {
    kind: 'complaint' as const,
    channel: 'hotline' as const,
    category: 'home_appliances',
    tags: ['after_sales'],
    claimFen: 329900,
  };

  const received = before(COMMISSION_TARGETS.accept, 5);
  deps.clock.set(received);
  await createComplaint(ctx, {
    ...input,
    subject: '洗碗机漏水泡坏橱柜，商家推给安装公司',
    description: '洗碗机安装两周后底部漏水，橱柜板材泡胀变形。商家称由第三方安装公司负责，安装公司不接电话。',
    consumer: { name: '钱女士', phone: '13916620418', isMinor: false },
    externalRef: '12315-2026-accept-due',
    receivedAt: new Date(received).toISOString(),
  });

  const escalated = before(COMMISSION_TARGETS.mediation, 58);
  deps.clock.set(escalated - 3 * DAY_MS);
  const c = await createComplaint(ctx, {
    ...input,
    subject: '电热水器漏电跳闸，商家只肯维修不肯更换',
    description: '使用半年的电热水器多次漏电跳闸，维修两次后仍有故障。要求更换新机，商家坚持再次维修。',
    consumer: { name: '孙先生', phone: '13761173052', isMinor: false },
    externalRef: '12315-2026-mediation-due',
  });
  deps.clock.set(escalated - 2 * DAY_MS);
  await assignComplaint(ctx, c.id, { merchantId: world.merchants[0]!.id });
  deps.clock.set(escalated);
  await declineComplaint(
    {
      ...deps,
      principal: { ...STAFF, role: 'merchant_admin', actor: 'merchant', merchantId: world.merchants[0]!.id },
    },
    c.id,
    {
      reason: '已按三包规定维修两次，不同意更换。',
    },
  );
  deps.clock.set(now);
}
