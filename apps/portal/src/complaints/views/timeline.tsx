import {
  formatYuan,
  messageOf,
  OUTCOME_LABELS,
  type Outcome,
  REFERRAL_LABELS,
  ROLE_LABELS,
  type TypedEvent,
  voiceOf,
} from '@redress/core';
import { dateTime, MessageFiles } from '../../web/components';
import { isMessageKey, type Lang, labelOf, type Translate } from '../../web/i18n';

/** Who acted: the consumer's reply or answer recorded by phone is the consumer's, and says who recorded it. */
function who(e: TypedEvent, t: Translate, lang: Lang): string {
  const { recordedBy } = voiceOf(e.type, e.actor);
  if (recordedBy) {
    return t(
      recordedBy === 'merchant' ? 'event.by.consumerRecorded.merchant' : 'event.by.consumerRecorded.staff',
    );
  }
  if (e.actor.kind === 'consumer') return t('event.by.consumer');
  if (e.actor.kind === 'system' && !e.actor.role) return t('event.by.system');
  return e.actor.role ? labelOf(ROLE_LABELS, e.actor.role, lang) : t('event.by.system');
}

function Proposal({
  p,
  lang,
}: {
  p: { outcome: Outcome; amountFen: number | null; terms: string | null };
  lang: Lang;
}) {
  const amount = p.amountFen === null ? null : formatYuan(p.amountFen);
  return (
    <blockquote>
      <strong>{labelOf(OUTCOME_LABELS, p.outcome, lang)}</strong>
      {amount ? ` · ${amount}` : ''}
      <br />
      <span class="story">{p.terms ?? ''}</span>
    </blockquote>
  );
}

/** The message, the information request or the consumer's reply an event carries. */
function bodyOf(e: TypedEvent): string | undefined {
  if (e.type === 'complaint.note_added') return e.data.note.body;
  return messageOf(e)?.body;
}

/** The reason (or the referral's note) an event gives in words. */
function reasonOf(e: TypedEvent): string | null | undefined {
  if (e.type === 'complaint.escalated' || e.type === 'complaint.closed' || e.type === 'complaint.withdrawn')
    return e.data.reason;
  if (e.type === 'complaint.referred') return e.data.note;
  if (e.type === 'complaint.returned') return e.data.reason;
  return undefined;
}

/** What the events about the business say: why it was returned, how it was routed, what was merged. */
function BusinessBody({ e, t }: { e: TypedEvent; t: Translate }) {
  if (e.type === 'complaint.returned') {
    const s = e.data.suggestedBusiness;
    return (
      <>
        <p>{t('event.incorrectCompany')}</p>
        {s ? (
          <p>
            {t('event.suggestedBusiness', { name: s.creditCode ? `${s.name} (${s.creditCode})` : s.name })}
          </p>
        ) : null}
      </>
    );
  }
  if (
    e.type === 'complaint.assigned' &&
    e.data.routedBy &&
    e.data.routedBy !== 'merchant_id' &&
    e.data.routedBy !== 'none'
  )
    return <p>{t(`event.routedBy.${e.data.routedBy}`)}</p>;
  const link = (ref: { id: string; reference: string }) => (
    <a href={`/complaints/${ref.id}`}>{ref.reference}</a>
  );
  if (e.type === 'complaint.merged')
    return (
      <p data-merged-into={e.data.into.id}>
        {t('event.mergedInto')} {link(e.data.into)}
      </p>
    );
  if (e.type === 'complaint.duplicate_merged')
    return (
      <p data-merged-duplicate={e.data.duplicate.id}>
        {t('event.mergedDuplicate')} {link(e.data.duplicate)}
      </p>
    );
  return null;
}

/** What an event says beyond its name: the message, the proposal, the reason. */
function EventBody({ e, t, lang }: { e: TypedEvent; t: Translate; lang: Lang }) {
  const body = bodyOf(e);
  const proposal = e.type === 'complaint.proposed' ? e.data.proposal : undefined;
  const settlement = e.type === 'complaint.settled' ? e.data.object.settlement : null;
  const answer = e.type === 'complaint.proposal_answered' ? e.data : undefined;
  const cause = e.type === 'complaint.escalated' ? e.data.cause : undefined;
  const reason = reasonOf(e);
  return (
    <>
      {body ? <blockquote class="story">{body}</blockquote> : null}
      <MessageFiles t={t} files={messageOf(e)?.attachments} src={(id) => `/api/v1/attachments/${id}`} />
      {proposal ? <Proposal p={proposal} lang={lang} /> : null}
      {settlement ? (
        <Proposal
          p={{ outcome: settlement.outcome, amountFen: settlement.amount.amountFen, terms: settlement.note }}
          lang={lang}
        />
      ) : null}
      {answer ? <p>{t(answer.accepted ? 'event.accepted' : 'event.rejected')}</p> : null}
      {e.type === 'complaint.referred' ? <p>{labelOf(REFERRAL_LABELS, e.data.to, lang)}</p> : null}
      {e.type === 'complaint.owner_changed' ? (
        <p>{e.data.owner ? t('team.ownerChangedTo', { name: e.data.owner.name }) : t('team.ownerCleared')}</p>
      ) : null}
      {cause && isMessageKey(`event.cause.${cause}`) ? (
        <p>{t(`event.cause.${cause}` as 'event.cause.staff')}</p>
      ) : null}
      {reason ? <blockquote class="story">{reason}</blockquote> : null}
      {answer?.comment ? <blockquote class="story">{answer.comment}</blockquote> : null}
      <BusinessBody e={e} t={t} />
    </>
  );
}

/** The whole timeline of a complaint, oldest first. */
export function Timeline({ events, t, lang }: { events: TypedEvent[]; t: Translate; lang: Lang }) {
  return (
    <ol class="timeline">
      {events.map((e) => {
        const key = `event.${e.type}`;
        // An internal note: seen by its side only (the timeline was read for the reader's side).
        const internal = e.type === 'complaint.note_added';
        return (
          <li class={internal ? 'internal' : undefined} data-internal={internal ? 'true' : undefined}>
            <strong>{isMessageKey(key) ? t(key) : e.type}</strong>
            {internal ? <span class="badge internal"> {t('team.internal')}</span> : null}
            <span class="meta">
              <time datetime={e.createdAt}>{dateTime(e.createdAt)}</time> · {who(e, t, lang)}
            </span>
            <EventBody e={e} t={t} lang={lang} />
          </li>
        );
      })}
    </ol>
  );
}
