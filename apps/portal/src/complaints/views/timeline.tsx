import { type Event, formatYuan, OUTCOME_LABELS, REFERRAL_LABELS, ROLE_LABELS, voiceOf } from '@redress/core';
import { dateTime } from '../../web/components';
import { isMessageKey, type Lang, labelOf, type Translate } from '../../web/i18n';

type Details = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Details) : undefined);

/** Who acted: the consumer's reply or answer recorded by phone is the consumer's, and says who recorded it. */
function who(e: Event, t: Translate, lang: Lang): string {
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

function Proposal({ p, lang }: { p: Details; lang: Lang }) {
  const amount = typeof p.amountFen === 'number' ? formatYuan(p.amountFen) : null;
  return (
    <blockquote>
      <strong>{labelOf(OUTCOME_LABELS, str(p.outcome) ?? '', lang)}</strong>
      {amount ? ` · ${amount}` : ''}
      <br />
      <span class="story">{str(p.terms) ?? ''}</span>
    </blockquote>
  );
}

/** What an event says beyond its name: the message, the proposal, the reason. */
function EventBody({ e, t, lang }: { e: Event; t: Translate; lang: Lang }) {
  const d = e.data as Details;
  const body =
    str(obj(d.message)?.body) ?? str(obj(d.infoRequest)?.body) ?? str(obj(d.reply)?.body) ?? undefined;
  const proposal = obj(d.proposal);
  const settlement = e.type === 'complaint.settled' ? obj(obj(d.object)?.settlement) : undefined;
  const cause = str(d.cause);
  const reason = str(d.reason) ?? str(d.note);
  const comment = str(d.comment);
  return (
    <>
      {body ? <blockquote class="story">{body}</blockquote> : null}
      {proposal ? <Proposal p={proposal} lang={lang} /> : null}
      {settlement ? (
        <Proposal
          p={{
            outcome: settlement.outcome,
            amountFen: obj(settlement.amount)?.amountFen,
            terms: settlement.note,
          }}
          lang={lang}
        />
      ) : null}
      {typeof d.accepted === 'boolean' ? <p>{t(d.accepted ? 'event.accepted' : 'event.rejected')}</p> : null}
      {e.type === 'complaint.referred' && str(d.to) ? (
        <p>{labelOf(REFERRAL_LABELS, str(d.to)!, lang)}</p>
      ) : null}
      {cause && isMessageKey(`event.cause.${cause}`) ? (
        <p>{t(`event.cause.${cause}` as 'event.cause.staff')}</p>
      ) : null}
      {reason ? <blockquote class="story">{reason}</blockquote> : null}
      {comment ? <blockquote class="story">{comment}</blockquote> : null}
    </>
  );
}

/** The whole timeline of a complaint, oldest first. */
export function Timeline({ events, t, lang }: { events: Event[]; t: Translate; lang: Lang }) {
  return (
    <ol class="timeline">
      {events.map((e) => {
        const key = `event.${e.type}`;
        return (
          <li>
            <strong>{isMessageKey(key) ? t(key) : e.type}</strong>
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
