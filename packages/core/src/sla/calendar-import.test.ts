import { describe, expect, it } from 'vitest';
import { readHolidayCn, readNotice } from './calendar-import';
import source2023 from './calendars/holiday-cn/2023.json';
import source2026 from './calendars/holiday-cn/2026.json';
import { SHIPPED_CALENDARS } from './shipped-calendars';

/** The notices' holiday lines as gov.cn publishes them (full-width punctuation), 2024–2026. */
const NOTICES: Record<number, string> = {
  2024: `国务院办公厅关于2024年部分节假日安排的通知
一、元旦：1月1日放假，与周末连休。
二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。
三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
五、端午节：6月10日与周末连休。
六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。`,
  2025: `国务院办公厅关于2025年部分节假日安排的通知
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。`,
  2026: `国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。`,
};

describe('readNotice', () => {
  it.each(SHIPPED_CALENDARS.map((c) => [c.year, c] as const))(
    'reads the %i notice to the shipped calendar',
    (year, shipped) => {
      const read = readNotice(NOTICES[year] as string);
      expect(read.problems).toEqual([]);
      expect(read.calendar).toEqual(shipped);
      expect(read.holidays.map((h) => h.name)).toContain('春节');
    },
  );

  it('reads the plain punctuation of the issue, with the year given apart', () => {
    const read = readNotice('一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。', 2026);
    expect(read.problems).toEqual([]);
    expect(read.calendar).toEqual({
      year: 2026,
      daysOff: ['2026-01-01', '2026-01-02', '2026-01-03'],
      workdays: ['2026-01-04'],
    });
    expect(read.holidays).toEqual([
      {
        name: '元旦',
        daysOff: ['2026-01-01', '2026-01-02', '2026-01-03'],
        workdays: ['2026-01-04'],
        line: '一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。',
      },
    ]);
  });

  it('reports a weekday or a count that does not match, and a notice of another year', () => {
    // The 2026 line read as 2027: every weekday is off by one.
    const wrongYear = readNotice('一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。', 2027);
    expect(wrongYear.problems.map((p) => p.path)).toEqual(['line 1', 'line 1', 'line 1']);
    expect(wrongYear.problems[0]?.message).toContain('2027-01-01');
    const count = readNotice('一、元旦:1月1日(周四)至3日(周六)放假调休,共4天。', 2026);
    expect(count.problems[0]?.message).toContain('共4天');
    const titled = readNotice(NOTICES[2026] as string, 2027);
    expect(titled.problems).toEqual([
      {
        path: 'year',
        message: 'the notice is for 2026, not 2027',
        code: 'year_mismatch',
        params: { year: 2026, given: 2027 },
      },
    ]);
    expect(wrongYear.problems[0]).toMatchObject({
      code: 'weekday',
      params: { holiday: '元旦', date: '2027-01-01', weekday: '周四' },
    });
    expect(count.problems[0]).toMatchObject({ code: 'count', params: { stated: 4, counted: 3 } });
  });

  it('refuses text with no holiday lines, or no year', () => {
    expect(readNotice('hello', 2027).problems[0]?.path).toBe('text');
    expect(readNotice('一、元旦:1月1日放假。').problems[0]?.path).toBe('year');
    expect(readNotice('一、元旦:2月30日放假。', 2027).problems[0]?.message).toContain('not a date');
  });

  it('puts a date of the next or previous year aside with a note', () => {
    const read = readNotice('一、元旦:2026年12月31日(周四)至2027年1月2日(周六)放假,共3天。', 2027);
    expect(read.problems).toEqual([]);
    expect(read.calendar.daysOff).toEqual(['2027-01-01', '2027-01-02']);
    expect(read.notes[0]).toContain('2026-12-31');
    expect(read.leftOut).toEqual([{ date: '2026-12-31', name: '元旦', off: true }]);
  });
});

describe('readHolidayCn', () => {
  it('reads a holiday-cn file to the calendar shipped from it', () => {
    const read = readHolidayCn(source2026);
    expect(read.problems).toEqual([]);
    expect(read.calendar).toEqual(SHIPPED_CALENDARS.find((c) => c.year === 2026));
    expect(read.holidays.find((h) => h.name === '春节')?.workdays).toEqual(['2026-02-14', '2026-02-28']);
  });

  it('leaves a date of another year out, with a note', () => {
    const read = readHolidayCn(source2023);
    expect(read.calendar.daysOff).not.toContain('2022-12-31');
    expect(read.notes).toEqual(["2022-12-31 (元旦) is not in 2023: left to that year's calendar"]);
  });

  it('reports a malformed file or day at its path', () => {
    expect(readHolidayCn({ year: 2027 }).problems[0]?.path).toBe('days');
    expect(readHolidayCn('x').problems[0]?.path).toBe('file');
    const bad = readHolidayCn({ year: 2027, days: [{ name: '元旦', date: '2027-02-30', isOffDay: true }] });
    expect(bad.problems[0]?.path).toBe('days.0.date');
    const weekdayWork = readHolidayCn({
      year: 2027,
      days: [{ name: '元旦', date: '2027-01-05', isOffDay: false }],
    });
    expect(weekdayWork.problems[0]).toMatchObject({ path: 'days.0' });
  });
});
