import type { SlaState } from '@redress/core';
import type { Translate } from '../web/i18n';
import type { TimeLeft } from './time-left';

/** The time left on the deadline that matters now, or how long ago it passed, in words: the badge's and the notices' text. */
export function timeLeftText(left: TimeLeft, t: Translate): string {
  switch (left.kind) {
    case 'left_days':
      return t('sla.left.days', { n: left.days });
    case 'left_hours':
      return t('sla.left.hours', { n: left.hours });
    case 'overdue_hours':
      return t('sla.overdue.hours', { n: left.hours });
    case 'overdue_days':
      return t('sla.overdue.days', { n: left.days });
    case 'missed':
      return t('sla.missed');
    case 'paused':
      return t('sla.paused');
    case 'answer_wait':
      return t('sla.paused.proposal');
    case 'met':
      return t('sla.met');
    case 'none':
      return t('sla.none');
  }
}

/** The SLA badge: the time left on the deadline that matters now, or how long ago it passed. */
export function SlaBadge({ left, state, t }: { left: TimeLeft; state: SlaState | null; t: Translate }) {
  return <span class={`badge sla sla-${state ?? 'none'}`}>{timeLeftText(left, t)}</span>;
}
