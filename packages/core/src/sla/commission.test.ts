import { describe, expect, it } from 'vitest';
import { commissionProgress, runningCommissionDeadline } from './commission';
import { defaultCalendar } from './shipped-calendars';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const calendar = defaultCalendar();
// Received Thu 19 Nov 2026: acceptance by 24:00 Mon 30 Nov (7 working days, art. 15).
const DUE = at('2026-12-01T00:00:00');
const progress = (now: string, doneAt: string | null = null) =>
  commissionProgress({ dueAt: DUE, doneAt: doneAt === null ? null : at(doneAt) }, at(now), calendar);

describe('commissionProgress', () => {
  it('reads a running stage as the merchant’s deadlines are read: on track, due soon from the working day before, breached after', () => {
    expect(progress('2026-11-26T10:00:00')).toBe('on_track'); // Thursday: the next working day is Friday
    expect(progress('2026-11-27T10:00:00')).toBe('due_soon'); // Friday: Monday is the last day
    expect(progress('2026-11-30T23:59:59')).toBe('due_soon');
    expect(progress('2026-12-01T00:00:00')).toBe('breached');
  });

  it('reads an ended stage as in time or late, whatever the clock says now', () => {
    expect(progress('2027-01-01T00:00:00', '2026-11-30T18:00:00')).toBe('ended_in_time');
    expect(progress('2026-12-02T00:00:00', '2026-12-01T00:00:00')).toBe('ended_late');
    expect(commissionProgress({ dueAt: null, doneAt: null }, DUE, calendar)).toBeNull();
  });
});

describe('runningCommissionDeadline', () => {
  const facts = {
    acceptDueAt: DUE,
    acceptedAt: null,
    escalatedAt: null,
    mediationDueAt: null,
    mediationEndedAt: null,
  };
  it('is the acceptance while new, the mediation while in mediation (a mediator’s proposal too), else none', () => {
    expect(runningCommissionDeadline({ ...facts, status: 'new' })).toEqual({ stage: 'accept', dueAt: DUE });
    expect(runningCommissionDeadline({ ...facts, status: 'assigned', acceptedAt: DUE - 1 })).toBeNull();
    const mediating = { ...facts, acceptedAt: DUE - 1, escalatedAt: DUE, mediationDueAt: DUE + 60 };
    for (const status of ['escalated', 'proposed'] as const)
      expect(runningCommissionDeadline({ ...mediating, status })).toEqual({
        stage: 'mediation',
        dueAt: DUE + 60,
      });
    expect(
      runningCommissionDeadline({ ...mediating, status: 'settled', mediationEndedAt: DUE + 5 }),
    ).toBeNull();
  });
});
