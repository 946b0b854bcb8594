import type { Complaint } from '@redress/core';
import type { Rating } from '../../teams';
import { CsrfInput, dateTime, ErrorSummary, type Option, Select, TextArea } from '../../web/components';
import type { Translate } from '../../web/i18n';
import type { FormState } from '../../web/page-env';

/** What the complaint page shows of working as a team, by who reads it. */
export interface TeamView {
  /** The signed-in merchant user's id: "assign to me"; null for anyone else. */
  me: string | null;
  /** The merchant's users who may own it (for its merchant's users only; empty otherwise). */
  colleagues: Option[];
  /** Whose notes the reader writes and reads: `merchant`, `staff`, or null (a station). */
  noteSide: 'merchant' | 'staff' | null;
  /** The consumer's rating (merchants and staff see it), or null. */
  rating: Rating | null;
  showRating: boolean;
}

/** The owner: who it is, "assign to me" and assign to a colleague (the merchant's users only). */
export function OwnerSection(p: {
  t: Translate;
  complaint: Complaint;
  team: TeamView;
  csrfToken: string | undefined;
  state?: FormState | undefined;
}) {
  const { t, complaint: c, team } = p;
  const action = `/complaints/${c.id}/owner`;
  return (
    <section aria-labelledby="owner">
      <h2 id="owner">{t('team.owner')}</h2>
      <p id="owner-name" data-owner={c.owner?.id ?? ''}>
        {c.owner ? c.owner.name : t('team.noOwner')}
      </p>
      {team.me !== null ? (
        <>
          <ErrorSummary state={p.state} form="owner" t={t} />
          {c.owner?.id !== team.me ? (
            <form method="post" action={action} class="inline-form">
              <CsrfInput token={p.csrfToken} />
              <input type="hidden" name="userId" value="me" />
              <button type="submit" id="assign-to-me">
                {t('team.assignToMe')}
              </button>
            </form>
          ) : null}
          <details open={p.state?.form === 'owner'}>
            <summary>{t('team.assignTo')}</summary>
            <form method="post" action={action}>
              <CsrfInput token={p.csrfToken} />
              <Select
                form="owner"
                state={p.state}
                name="userId"
                label={t('team.owner')}
                options={team.colleagues}
                value={c.owner?.id}
                placeholder={t('team.noOwner')}
                optionalText={t('form.optional')}
              />
              <button type="submit" class="secondary">
                {t('team.assignSubmit')}
              </button>
            </form>
          </details>
        </>
      ) : null}
    </section>
  );
}

/** The form for an internal note: the timeline shows the notes of the reader's side. */
export function NoteForm(p: {
  t: Translate;
  complaintId: string;
  side: 'merchant' | 'staff';
  csrfToken: string | undefined;
  state?: FormState | undefined;
}) {
  const { t } = p;
  return (
    <section aria-labelledby="notes">
      <h2 id="notes">{t('team.notes')}</h2>
      <p>
        <small>{t(p.side === 'merchant' ? 'team.notesIntro' : 'team.notesIntroStaff')}</small>
      </p>
      <form method="post" action={`/complaints/${p.complaintId}/notes`} novalidate>
        <CsrfInput token={p.csrfToken} />
        <ErrorSummary state={p.state} form="note" t={t} />
        <TextArea
          form="note"
          state={p.state}
          name="body"
          label={t('team.addNote')}
          required
          rows={3}
          maxlength={5000}
          optionalText={t('form.optional')}
        />
        <button type="submit" class="secondary">
          {t('team.addNote')}
        </button>
      </form>
    </section>
  );
}

/** 消费者评价: the consumer's rating and comment, once given. */
export function RatingSection({ t, rating }: { t: Translate; rating: Rating | null }) {
  return (
    <section aria-labelledby="rating">
      <h2 id="rating">{t('team.satisfaction')}</h2>
      {rating ? (
        <>
          <p id="rating-value" data-rating={rating.rating}>
            <strong>{'★'.repeat(rating.rating)}</strong>
            {'☆'.repeat(5 - rating.rating)} {t('team.rating', { rating: rating.rating })}
          </p>
          {rating.comment ? <blockquote class="story">{rating.comment}</blockquote> : null}
          <p>
            <small>{dateTime(rating.ratedAt)}</small>
          </p>
        </>
      ) : (
        <p>{t('team.noRating')}</p>
      )}
    </section>
  );
}
