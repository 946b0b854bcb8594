import type { SlaState } from '@redress/core';
import type { Translate } from '../web/i18n';
import type { TimeLeft } from './time-left';

/** The SLA badge: the time left on the deadline that matters now, or how long ago it passed. */
export function SlaBadge({ left, state, t }: { left: TimeLeft; state: SlaState | null; t: Translate }) {
  const text = (() => {
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
  })();
  return <span class={`badge sla sla-${state ?? 'none'}`}>{text}</span>;
}
