import { describe, expect, it } from 'vitest';
import { toIso } from '../time';
import { deadline } from './deadline';
import { COMMISSION_TARGETS, DEFAULT_POLICIES, type SlaPolicy, SlaPolicySchema } from './policies';
import { defaultCalendar } from './shipped-calendars';
import { startClock } from './start-clock';

const calendar = defaultCalendar();
const midnight = (date: string) => `${date}T00:00:00.000+08:00`;

describe('policies', () => {
  it('ship standard and fast, both valid', () => {
    expect(DEFAULT_POLICIES.standard).toMatchObject({
      acknowledge: { amount: 2, unit: 'working_days' },
      settle: { amount: 10, unit: 'working_days' },
    });
    expect(DEFAULT_POLICIES.fast).toMatchObject({
      acknowledge: { amount: 2, unit: 'calendar_days' },
      settle: { amount: 7, unit: 'calendar_days' },
    });
    for (const policy of Object.values(DEFAULT_POLICIES))
      expect(SlaPolicySchema.parse(policy)).toEqual(policy);
    expect(Object.isFrozen(DEFAULT_POLICIES.standard.settle)).toBe(true);
  });

  it('SlaPolicySchema rejects what an admin should not set', () => {
    const base = DEFAULT_POLICIES.standard;
    const issues = (policy: unknown) =>
      SlaPolicySchema.safeParse(policy).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ ...base, acknowledge: { amount: 0, unit: 'working_days' } })).toEqual([
      'acknowledge.amount',
    ]);
    expect(issues({ ...base, settle: { amount: 1.5, unit: 'working_days' } })).toEqual(['settle.amount']);
    expect(issues({ ...base, settle: { amount: 366, unit: 'working_days' } })).toEqual(['settle.amount']);
    expect(issues({ ...base, settle: { amount: 1, unit: 'working_days' } })).toEqual(['settle.amount']);
    expect(issues({ ...base, settle: { amount: 10, unit: 'hours' } })).toEqual(['settle.unit']);
    expect(issues({ ...base, code: 'Standard Plus' })).toEqual(['code']);
    expect(issues({ ...base, name: { zh: ' ', en: 'x' } })).toEqual(['name.zh']);
  });

  it('commission targets follow Order 121 arts. 15 and 23', () => {
    const [accept, mediation] = [COMMISSION_TARGETS.accept, COMMISSION_TARGETS.mediation];
    expect(accept).toEqual({ amount: 7, unit: 'working_days' });
    expect(mediation).toEqual({ amount: 60, unit: 'calendar_days' });
    // Received Fri 26 Sep 2025: Sun 28, 29, 30 Sep, (1–8 Oct off) 9, 10, Sat 11, Mon 13 Oct.
    const received = Date.parse('2025-09-26T09:00:00+08:00');
    expect(toIso(deadline(calendar, received, accept.amount, accept.unit).dueAt)).toBe(
      midnight('2025-10-14'),
    );
  });
});

describe('startClock', () => {
  it('counts both deadlines from assignment (standard, before Spring Festival 2026)', () => {
    const clock = startClock(calendar, DEFAULT_POLICIES.standard, Date.parse('2026-02-13T10:00:00+08:00'));
    expect(toIso(clock.acknowledgeDueAt)).toBe(midnight('2026-02-25'));
    expect(toIso(clock.settleDueAt)).toBe(midnight('2026-03-06'));
    expect(clock.calendarGap).toBe(false);
  });

  it('fast: calendar days landing in the holiday move to its end', () => {
    const clock = startClock(calendar, DEFAULT_POLICIES.fast, Date.parse('2026-02-13T10:00:00+08:00'));
    expect(toIso(clock.acknowledgeDueAt)).toBe(midnight('2026-02-25'));
    expect(toIso(clock.settleDueAt)).toBe(midnight('2026-02-25'));
  });

  it('never lets settle fall before acknowledge when a policy mixes units', () => {
    const mixed: SlaPolicy = {
      code: 'mixed',
      name: { zh: '混合', en: 'Mixed' },
      acknowledge: { amount: 3, unit: 'working_days' },
      settle: { amount: 3, unit: 'calendar_days' },
      answer: { amount: 3, unit: 'working_days' },
    };
    // From Thu 5 Mar 2026: acknowledge Fri 6, Mon 9, Tue 10; settle Sun 8 → Mon 9.
    const clock = startClock(calendar, mixed, Date.parse('2026-03-05T10:00:00+08:00'));
    expect(toIso(clock.acknowledgeDueAt)).toBe(midnight('2026-03-11'));
    expect(clock.settleDueAt).toBe(clock.acknowledgeDueAt);
  });

  it('reports a provisional clock when a deadline reaches 2027 (no notice loaded)', () => {
    const clock = startClock(calendar, DEFAULT_POLICIES.standard, Date.parse('2026-12-24T10:00:00+08:00'));
    expect(clock.calendarProvisional).toBe(true);
    expect(clock.calendarGap).toBe(false);
    const early = startClock(calendar, DEFAULT_POLICIES.standard, Date.parse('2026-06-01T10:00:00+08:00'));
    expect(early.calendarProvisional).toBe(false);
  });
});

describe('SlaPolicyInput', () => {
  it('takes the names and targets of a policy named elsewhere, by the same rules', async () => {
    const { SlaPolicyInput } = await import('./policies');
    const { code: _code, ...body } = DEFAULT_POLICIES.fast;
    expect(SlaPolicyInput.parse(body)).toEqual(body);
    const refused = SlaPolicyInput.safeParse({ ...body, settle: { amount: 1, unit: 'calendar_days' } });
    expect(
      refused.error?.issues.map((i) => [
        i.path.join('.'),
        (i as { params?: { code?: string } }).params?.code,
      ]),
    ).toEqual([['settle.amount', 'too_small']]);
    expect(SlaPolicyInput.safeParse({ ...body, code: 'fast' }).success).toBe(false);
  });
});
