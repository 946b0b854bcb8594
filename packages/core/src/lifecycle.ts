import { Conflict, Forbidden } from './errors';
import { ROLES, type Role, STATUSES, type Status } from './taxonomy';

/**
 * Who acts on a complaint. Roles collapse into actors: both merchant roles act as the
 * merchant, both commission roles as staff; the consumer acts through the signed link and
 * the system through the SLA sweeper.
 */
export type Actor = 'merchant' | 'staff' | 'station' | 'consumer' | 'system';

/**
 * What kind of caller did something, as events and the audit record it: a signed-in user, an
 * API client, the consumer through the link, or the system (the sweeper, the CLI).
 */
export type PrincipalKind = 'user' | 'client' | 'consumer' | 'system';

export function actorOf(role: Role): Actor {
  switch (role) {
    case 'merchant_agent':
    case 'merchant_admin':
      return 'merchant';
    case 'commission_staff':
    case 'commission_admin':
      return 'staff';
    case 'station_operator':
      return 'station';
  }
}

export type Action =
  | 'assign'
  | 'acknowledge'
  | 'message'
  | 'request_info'
  | 'consumer_reply'
  | 'propose'
  | 'accept_proposal'
  | 'reject_proposal'
  | 'settle'
  | 'decline'
  | 'escalate'
  | 'refer'
  | 'close'
  | 'withdraw'
  | 'not_ours'
  | 'route_business'
  | 'mark_not_networked'
  | 'merge';

export interface Transition {
  readonly by: readonly Actor[];
  readonly from: readonly Status[];
  /** `null` keeps the current status (a message changes nothing but the timeline). */
  readonly to: Status | null;
}

/** The statuses a complaint can still move out of: withdrawal is possible from each. */
export const OPEN_STATUSES: readonly Status[] = [
  'new',
  'assigned',
  'acknowledged',
  'awaiting_consumer',
  'proposed',
  'escalated',
];

/**
 * The statuses a complaint has ended in (settled, closed, referred, withdrawn): nothing more can
 * happen to it but closing. The consumer is asked to rate the handling only then.
 */
export const ENDED_STATUSES: readonly Status[] = STATUSES.filter((s) => !OPEN_STATUSES.includes(s));

/** Whether the complaint has ended: the consumer's page then says what was agreed and asks for a rating. */
export function hasEnded(status: Status): boolean {
  return ENDED_STATUSES.includes(status);
}

/** The statuses where the merchant still holds the complaint (the SLA clock runs or is paused). */
export const MERCHANT_STATUSES: readonly Status[] = [
  'assigned',
  'acknowledged',
  'awaiting_consumer',
  'proposed',
];

/**
 * The complaint lifecycle of DESIGN.md as one table: for each action, who may take it,
 * from which statuses, and to which status.
 */
export const TRANSITIONS: Readonly<Record<Action, Transition>> = Object.freeze({
  /** 分派 — route to a merchant; re-routing an assigned complaint restarts the clock. */
  assign: { by: ['staff'], from: ['new', 'assigned'], to: 'assigned' },
  /** 受理 */
  acknowledge: { by: ['merchant'], from: ['assigned'], to: 'acknowledged' },
  /** 回复消费者 */
  message: {
    by: ['merchant', 'staff'],
    from: ['acknowledged', 'awaiting_consumer', 'proposed', 'escalated'],
    to: null,
  },
  /**
   * 请消费者补充材料 — pauses the clock. Only while the merchant holds the complaint: the reply
   * returns it to `acknowledged`, which must not hand a complaint in mediation back to the merchant.
   */
  request_info: { by: ['merchant'], from: ['acknowledged'], to: 'awaiting_consumer' },
  /** The consumer's answer, through the link or recorded by phone; resumes the clock. */
  consumer_reply: { by: ['merchant', 'staff', 'consumer'], from: ['awaiting_consumer'], to: 'acknowledged' },
  /** 和解方案 — staff propose during mediation. */
  propose: { by: ['merchant', 'staff'], from: ['acknowledged', 'proposed', 'escalated'], to: 'proposed' },
  accept_proposal: { by: ['consumer', 'staff'], from: ['proposed'], to: 'settled' },
  reject_proposal: { by: ['consumer', 'staff'], from: ['proposed'], to: 'escalated' },
  /** 和解结果 — a settlement the consumer agreed to by phone or in person. */
  settle: { by: ['merchant', 'staff'], from: ['acknowledged', 'proposed', 'escalated'], to: 'settled' },
  /** 不同意和解 — the merchant will not settle; the commission takes over. */
  decline: {
    by: ['merchant'],
    from: ['assigned', 'acknowledged', 'awaiting_consumer', 'proposed'],
    to: 'escalated',
  },
  /** 转消保委调解 — by staff, or by the sweeper when the settle deadline passed. */
  escalate: { by: ['staff', 'system'], from: MERCHANT_STATUSES, to: 'escalated' },
  /** 移交 — people's mediation, litigation or the regulator. */
  refer: { by: ['staff'], from: ['escalated'], to: 'referred' },
  /** 办结 — also a new complaint the commission does not accept (art. 15). */
  close: { by: ['staff'], from: ['new', 'settled', 'referred', 'escalated'], to: 'closed' },
  /** 撤诉 — the consumer withdrew. */
  withdraw: { by: ['staff', 'consumer'], from: OPEN_STATUSES, to: 'withdrawn' },
  /**
   * 非本企业 — the merchant says the complaint is not about it (CFPB's "incorrect company"): it goes
   * back to the staff's queue unrouted and the merchant's clock stops. Not once the merchant has
   * proposed a settlement or the commission has taken it over.
   */
  not_ours: { by: ['merchant'], from: ['assigned', 'acknowledged', 'awaiting_consumer'], to: 'new' },
  /**
   * A complaint about a business that was not networked, in the commission's own mediation, handed
   * to that business once it has joined as a merchant: its clock starts as on assignment. Only a
   * complaint taken in as not networked (`ActionFacts.notNetworked`), never one a merchant declined.
   */
  route_business: { by: ['staff'], from: ['escalated'], to: 'assigned' },
  /**
   * 未入网 — a complaint in the new queue is about a business that is not a networked merchant
   * (one came back "not ours", or was taken in without a business): the commission mediates it
   * itself, as intake does for a business named so, its mediation deadline running from now.
   */
  mark_not_networked: { by: ['staff'], from: ['new'], to: 'escalated' },
  /** 合并重复投诉 — a duplicate of another complaint is closed as such, pointing to the one kept. */
  merge: { by: ['staff'], from: OPEN_STATUSES, to: 'closed' },
});

/** What some actions depend on besides the status. */
export interface ActionFacts {
  /** The complaint is about a business that is not a networked merchant (no merchant holds it). */
  notNetworked: boolean;
}

/** The actions that also need a fact of the complaint (`ActionFacts`), and the rule. */
const GUARDS: Partial<Record<Action, (facts: ActionFacts) => boolean>> = {
  route_business: (f) => f.notNetworked,
};

/**
 * The status a complaint is taken in with, from what it names: a networked merchant — `assigned`,
 * the merchant's clock started; a business that is not networked — `escalated`, handled by the
 * commission itself (staff mediation, its 60-day deadline running from intake); nothing yet — `new`,
 * for staff to route.
 */
export function intakeStatus(business: 'merchant' | 'not_networked' | 'none'): Status {
  return business === 'merchant' ? 'assigned' : business === 'not_networked' ? 'escalated' : 'new';
}

export const ACTIONS = Object.keys(TRANSITIONS) as Action[];

/**
 * The actions that send a message to or from the consumer — a message, an information request,
 * a consumer's reply — whose input is `BodyInput` and may carry files (their events: `messageOf`).
 */
export const MESSAGE_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'message',
  'request_info',
  'consumer_reply',
]);

const guarded = (action: Action, facts: ActionFacts | undefined) =>
  GUARDS[action]?.(facts ?? { notNetworked: false }) ?? true;

/**
 * The actions `actor` may take on a complaint in `status`, in table order; an action with a guard
 * (`GUARDS`) only when `facts` satisfy it.
 */
export function allowedActions(status: Status, actor: Actor, facts?: ActionFacts): Action[] {
  return ACTIONS.filter((action) => canTransition(action, status, actor, facts));
}

export function canTransition(action: Action, status: Status, actor: Actor, facts?: ActionFacts): boolean {
  const t = TRANSITIONS[action];
  return t.by.includes(actor) && t.from.includes(status) && guarded(action, facts);
}

/**
 * The status after `action`, or an error: Forbidden when the actor may never take the action,
 * Conflict (with the actions allowed now) when the status does not allow it.
 */
export function transition(action: Action, status: Status, actor: Actor, facts?: ActionFacts): Status {
  const t = TRANSITIONS[action];
  if (!t.by.includes(actor)) {
    throw new Forbidden(`a ${actor} may not ${action.replace('_', ' ')} a complaint`);
  }
  if (!t.from.includes(status)) {
    throw new Conflict(
      `cannot ${action.replace('_', ' ')} a complaint that is ${status}`,
      allowedActions(status, actor, facts),
    );
  }
  if (!guarded(action, facts)) {
    throw new Conflict(
      `cannot ${action.replace('_', ' ')} this complaint: it is not about a business outside the network`,
      allowedActions(status, actor, facts),
    );
  }
  return t.to ?? status;
}

/** Whether the SLA clock is paused in this status (art. 22: waiting for the consumer). */
export function isPausedStatus(status: Status): boolean {
  return status === 'awaiting_consumer';
}

/**
 * The events that record the consumer's own act (their reply, their answer to a proposal, their
 * withdrawal), whoever entered it: the consumer through the link, or the merchant or staff
 * recording what the consumer said by phone.
 */
const CONSUMER_ACT_EVENTS: readonly string[] = [
  'complaint.consumer_replied',
  'complaint.proposal_answered',
  'complaint.withdrawn',
];

/** Whose act an event records (`by`), and who entered it for them when that was someone else. */
export interface EventVoice {
  readonly by: Actor;
  readonly recordedBy: Actor | null;
}

/**
 * Whose words an event carries: a reply the merchant recorded for the consumer is the
 * consumer's, recorded by the merchant, never the merchant's own.
 * @example voiceOf('complaint.consumer_replied', { kind: 'user', role: 'merchant_agent' })
 *   // → { by: 'consumer', recordedBy: 'merchant' }
 */
export function voiceOf(
  type: string,
  actor: { readonly kind: 'user' | 'client' | 'consumer' | 'system'; readonly role: string | null },
): EventVoice {
  const role = ROLES.find((r) => r === actor.role);
  const entered: Actor = actor.kind === 'consumer' ? 'consumer' : role ? actorOf(role) : 'system';
  if (entered !== 'consumer' && CONSUMER_ACT_EVENTS.includes(type)) {
    return { by: 'consumer', recordedBy: entered };
  }
  return { by: entered, recordedBy: null };
}
