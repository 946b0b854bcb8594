import { DAY_MS, type Merchant } from '@redress/core';
import * as complaints from '../complaints';
import { rateSatisfaction } from '../consumer';
import type { AppDeps, ServiceContext } from '../context';
import type { ManualClock } from '../http/clock';
import { consumerPrincipal, type Principal, SYSTEM } from '../http/principal';
import { STORIES } from './stories';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** How many complaints `seedShowcase` writes. */
export const SHOWCASE_COUNT = 5;

/**
 * A few complaints of the first merchant (浦江电器) told on purpose, so that a newcomer sees the
 * states the random history may not reach: a proposal waiting on the consumer's answer with its
 * window open, one escalated because the consumer did not answer in the window, one ended with
 * a rating, a reply the merchant recorded for the consumer by phone, and one staff recorded.
 */
export async function seedShowcase(
  deps: AppDeps & { clock: ManualClock },
  world: { merchant: Merchant; until: number },
): Promise<void> {
  const staff: Principal = { ...SYSTEM, kind: 'user', role: 'commission_staff', actor: 'staff' };
  const merchant: Principal = {
    ...SYSTEM,
    kind: 'user',
    role: 'merchant_agent',
    actor: 'merchant',
    merchantId: world.merchant.id,
  };
  const as = (p: Principal): ServiceContext => ({ ...deps, principal: p });
  const m = as(merchant);
  const at = (ms: number) => deps.clock.set(Math.floor(ms));
  const later = (ms: number) => at(deps.clock.now() + ms);

  /** A complaint received `daysAgo`, routed an hour later and acknowledged an hour after that. */
  async function acknowledged(story: number, daysAgo: number, consumer: { name: string; phone: string }) {
    const s = STORIES[story % STORIES.length]!;
    at(world.until - daysAgo * DAY_MS);
    const c = await complaints.createComplaint(as(staff), {
      kind: 'complaint',
      channel: 'hotline',
      subject: s.subject,
      description: s.description,
      category: s.category,
      tags: s.tags,
      consumer: { ...consumer, isMinor: false },
      claimFen: s.claimFen || undefined,
      receivedAt: new Date(deps.clock.now()).toISOString(),
    });
    later(HOUR);
    await complaints.assignComplaint(as(staff), c.id, { merchantId: world.merchant.id });
    later(HOUR);
    await complaints.acknowledgeComplaint(m, c.id);
    return c.id;
  }
  const propose = (id: string, amountFen: number) =>
    complaints.proposeSettlement(m, id, {
      outcome: 'refund',
      amountFen,
      terms: `同意退款 ${(amountFen / 100).toFixed(2)} 元，三个工作日内原路退回。`,
    });

  // 1. Waiting on the consumer's answer: proposed this morning, the window open.
  const waiting = await acknowledged(0, 2, { name: '周女士', phone: '13900000001' });
  at(world.until - 5 * HOUR);
  await propose(waiting, 40_000);

  // 2. The consumer did not answer in the window: the sweeper escalated it at the window's end.
  const silent = await acknowledged(2, 20, { name: '吴先生', phone: '13900000002' });
  later(DAY_MS);
  const offered = await propose(silent, 120_000);
  at(Date.parse(offered.sla!.answerDueAt!) + MINUTE);
  await complaints.escalateComplaint(as(SYSTEM), silent, { cause: 'consumer_no_answer' });

  // 3. Ended and rated: the consumer accepted the proposal through the link, then rated it.
  const rated = await acknowledged(1, 15, { name: '郑女士', phone: '13900000003' });
  later(DAY_MS);
  await propose(rated, 36_000);
  later(5 * HOUR);
  const consumer = as(consumerPrincipal(rated));
  await complaints.answerProposal(consumer, rated, { accept: true, comment: '同意，谢谢。' });
  later(2 * HOUR);
  await rateSatisfaction(consumer, { rating: 5, comment: '处理及时，退款已到账。' });

  // 4. A reply the merchant recorded by phone; the consumer then rejected the proposal, the
  //    commission mediated a settlement, closed it, and the consumer rated it.
  const phoned = await acknowledged(3, 25, { name: '王先生', phone: '13900000004' });
  later(HOUR);
  await complaints.requestInformation(m, phoned, { body: '请提供能效标识照片和购买时的宣传页。' });
  later(DAY_MS);
  await complaints.recordConsumerReply(m, phoned, {
    body: '消费者来电：宣传页和标识照片已通过微信发给客服。',
  });
  later(DAY_MS);
  await propose(phoned, 20_000);
  later(DAY_MS);
  const phonedConsumer = as(consumerPrincipal(phoned));
  await complaints.answerProposal(phonedConsumer, phoned, {
    accept: false,
    comment: '只退差价的一半，不接受。',
  });
  later(3 * DAY_MS);
  await complaints.recordSettlement(as(staff), phoned, {
    outcome: 'refund',
    amountFen: 50_000,
    consumerAccepted: true,
    note: '经消保委调解，企业按宣传退还差价500元。',
  });
  later(DAY_MS);
  await complaints.closeComplaint(as(staff), phoned, { reason: '调解成功，双方已履行。' });
  later(HOUR);
  await rateSatisfaction(phonedConsumer, { rating: 4, comment: '调解后满意。' });

  // 5. A reply staff recorded for the consumer by phone: back with the merchant.
  const told = await acknowledged(4, 3, { name: '冯女士', phone: '13900000005' });
  later(HOUR);
  await complaints.requestInformation(m, told, { body: '请提供直播间订单截图。' });
  later(4 * HOUR);
  await complaints.recordConsumerReply(as(staff), told, {
    body: '消费者致电12315补充：订单号 20261128001，截图已发送至企业邮箱。',
  });
}
