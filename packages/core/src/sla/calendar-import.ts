import { z } from 'zod';
import { type CalendarYear, CalendarYearSchema } from './calendar-year';
import { dateOfDay, dayFromDate, weekdayOf } from './day-number';

/**
 * Reading a year's calendar from what admins have at hand: a holiday-cn JSON file (the format
 * of NateScarlet/holiday-cn, which Redress ships its years from) or the text of the State
 * Council notice pasted from gov.cn. Pure: text in, a calendar year and what was understood
 * (for the preview before saving) out.
 */

/**
 * What kind of problem: pages say it in their language from the code and `params`; `message`
 * says it in English (the CLI, logs).
 */
export type ImportProblemCode =
  /** holiday-cn: the file does not have the format (`params.at`: where). */
  | 'format'
  /** holiday-cn: a day listed as worked is a weekday already (`date`). */
  | 'not_weekend'
  /** notice: no year in the text and none given. */
  | 'no_year'
  /** notice: the title's year (`year`) is not the one given (`given`). */
  | 'year_mismatch'
  /** notice: a date (`text`) without a month before it. */
  | 'no_month'
  /** notice: a date (`text`) that does not exist. */
  | 'not_a_date'
  /** notice: a date (`date`) is not the weekday the notice gives (`weekday`, 周X). */
  | 'weekday'
  /** notice: 放假 with no date before it. */
  | 'no_date'
  /** notice: a range ending (`to`) before it starts (`from`). */
  | 'order'
  /** notice: 共N天 (`stated`) differs from the days of the range (`counted`). */
  | 'count'
  /** notice: a numbered line with no 放假 or 上班 dates read. */
  | 'nothing_understood'
  /** notice: no numbered holiday lines at all. */
  | 'no_lines'
  /** the year is outside the years a calendar may be loaded for (`year`). */
  | 'year_range'
  /** a date (`date`) is both a day off and a working day. */
  | 'both';

/** A problem found while reading, with the line (1-based) or the field it is about. */
export interface ImportProblem {
  path: string;
  message: string;
  code: ImportProblemCode;
  /** The holiday (notice line) it is about, and the dates or numbers the message names. */
  params: Record<string, string | number>;
}

/** One holiday as the notice states it. */
export interface NoticeHoliday {
  name: string;
  daysOff: string[];
  workdays: string[];
  /** The line it was read from, as pasted. */
  line: string;
}

/** What was read: the year, each holiday (from a notice), and what could not be used. */
export interface CalendarImport {
  calendar: CalendarYear;
  holidays: NoticeHoliday[];
  /** Dates left out, with why (e.g. a day of the year before that holiday-cn lists). */
  notes: string[];
  /** The same dates, for a page to say in its language: each belongs to its own year's notice. */
  leftOut: { date: string; name: string; off: boolean }[];
  problems: ImportProblem[];
}

const HolidayCnSchema = z.object({
  year: z.number().int(),
  papers: z.array(z.string()).optional(),
  days: z
    .array(
      z.object({
        name: z.string(),
        date: z.iso.date('must be a real date, YYYY-MM-DD'),
        isOffDay: z.boolean(),
      }),
    )
    .max(400),
});

const isWeekend = (date: string) => {
  const w = weekdayOf(dayFromDate(date));
  return w === 0 || w === 6;
};

const problem = (
  path: string,
  code: ImportProblemCode,
  message: string,
  params: Record<string, string | number> = {},
): ImportProblem => ({ path, message, code, params });

const nothing = (year: number, problems: ImportProblem[]): CalendarImport => ({
  calendar: { year, daysOff: [], workdays: [] },
  holidays: [],
  notes: [],
  leftOut: [],
  problems,
});

function finish(
  year: number,
  holidays: NoticeHoliday[],
  daysOff: string[],
  workdays: string[],
  leftOut: CalendarImport['leftOut'],
  problems: ImportProblem[],
): CalendarImport {
  const calendar = { year, daysOff: [...new Set(daysOff)].sort(), workdays: [...new Set(workdays)].sort() };
  const parsed = CalendarYearSchema.safeParse(calendar);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [list, index] = issue.path;
      const date = list === 'workdays' && typeof index === 'number' ? calendar.workdays[index] : undefined;
      problems.push(
        date === undefined
          ? problem(issue.path.join('.'), 'year_range', issue.message, { year })
          : problem(issue.path.join('.'), 'both', issue.message, { date }),
      );
    }
  }
  const notes = leftOut.map(
    (d) => `${d.date} (${d.name}${d.off ? '' : ', 上班'}) is not in ${year}: left to that year's calendar`,
  );
  return { calendar, holidays, notes, leftOut, problems };
}

/**
 * A holiday-cn file (`{ year, papers, days: [{ name, date, isOffDay }] }`). A date of another
 * year (holiday-cn lists 2022-12-31 in 2023.json) is left out with a note: it belongs to that
 * year's notice.
 *
 * @example readHolidayCn(JSON.parse(text)).calendar; // { year: 2026, daysOff: [...], workdays: [...] }
 */
export function readHolidayCn(input: unknown): CalendarImport {
  const parsed = HolidayCnSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const at = i.path.join('.') || 'file';
      return problem(at, 'format', i.message, { at });
    });
    const year =
      typeof (input as { year?: unknown })?.year === 'number' ? (input as { year: number }).year : 0;
    return nothing(year, problems);
  }
  const { year, days } = parsed.data;
  const leftOut: CalendarImport['leftOut'] = [];
  const problems: ImportProblem[] = [];
  const byName = new Map<string, NoticeHoliday>();
  const daysOff: string[] = [];
  const workdays: string[] = [];
  days.forEach((day, index) => {
    if (!day.date.startsWith(`${year}-`)) {
      leftOut.push({ date: day.date, name: day.name, off: day.isOffDay });
      return;
    }
    (day.isOffDay ? daysOff : workdays).push(day.date);
    const holiday = byName.get(day.name) ?? { name: day.name, daysOff: [], workdays: [], line: day.name };
    (day.isOffDay ? holiday.daysOff : holiday.workdays).push(day.date);
    byName.set(day.name, holiday);
    if (!day.isOffDay && !isWeekend(day.date))
      problems.push(
        problem(
          `days.${index}`,
          'not_weekend',
          `${day.date} is a working day already (not a Saturday or Sunday)`,
          { date: day.date },
        ),
      );
  });
  return finish(year, [...byName.values()], daysOff, workdays, leftOut, problems);
}

const WEEKDAYS: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

/** Full-width punctuation and spaces as pasted from gov.cn, made plain. */
const plain = (text: string) =>
  text
    .replace(/[：]/g, ':')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[，]/g, ',')
    .replace(/[；]/g, ';')
    .replace(/[\u3000 \t]+/g, '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/** A date as the notice writes it: [year年]M月D日[(…周X…)], the month (and year) optional after 至. */
const DATE = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^)]*)\))?/g;

interface NoticeDate {
  date: string;
  weekday: number | undefined;
}

/** The dates of a phrase, in order, each taking the year and month of the one before when it omits them. */
function datesIn(
  phrase: string,
  year: number,
): NoticeDate[] | { code: 'no_month' | 'not_a_date'; text: string; message: string } {
  const out: NoticeDate[] = [];
  let y = year;
  let m: number | undefined;
  for (const match of phrase.matchAll(DATE)) {
    if (match[1]) y = Number(match[1]);
    if (match[2]) m = Number(match[2]);
    if (m === undefined) return { code: 'no_month', text: match[0], message: `no month before ${match[0]}` };
    const date = `${y}-${String(m).padStart(2, '0')}-${String(Number(match[3])).padStart(2, '0')}`;
    if (Number.isNaN(dayFromDate(date)))
      return { code: 'not_a_date', text: match[0], message: `${match[0]} is not a date` };
    const week = /周(.)|星期(.)/.exec(match[4] ?? '');
    const weekday = week ? WEEKDAYS[week[1] ?? week[2] ?? ''] : undefined;
    out.push({ date, weekday });
  }
  return out;
}

/**
 * The text of a State Council notice (国务院办公厅关于YYYY年部分节假日安排的通知), pasted: the
 * year from its title (or `year` when the title is not pasted), and each numbered line such as
 * "一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。" — full-width or plain
 * punctuation. The weekday in brackets and the "共N天" count are checked against the dates, so
 * a notice of another year or a mistyped date is reported, not loaded.
 *
 * @example readNotice('一、元旦:1月1日(周五)放假,共1天。', 2027).calendar.daysOff; // ['2027-01-01']
 */
export function readNotice(text: string, year?: number): CalendarImport {
  const problems: ImportProblem[] = [];
  const lines = text.split(/\r?\n/);
  const titled = /(\d{4})年(?:部分)?节假日安排/.exec(plain(text));
  const noticeYear = titled ? Number(titled[1]) : year;
  if (noticeYear === undefined) {
    return nothing(0, [
      problem('year', 'no_year', 'the year is not in the text: paste the title too, or give the year'),
    ]);
  }
  if (titled && year !== undefined && year !== noticeYear)
    problems.push(
      problem('year', 'year_mismatch', `the notice is for ${noticeYear}, not ${year}`, {
        year: noticeYear,
        given: year,
      }),
    );
  const holidays: NoticeHoliday[] = [];
  const daysOff: string[] = [];
  const workdays: string[] = [];
  lines.forEach((raw, index) => {
    const line = plain(raw);
    const head = /^[一二三四五六七八九十]+[、.]([^:]+):(.*)$/.exec(line);
    if (!head) return;
    const path = `line ${index + 1}`;
    const name = head[1] as string;
    const holiday: NoticeHoliday = { name, daysOff: [], workdays: [], line: raw.trim() };
    for (const sentence of (head[2] as string).split(/[。;]/)) {
      if (!sentence) continue;
      // "6月10日与周末连休" (2024) says 放假 without the word.
      const off = sentence.includes('放假') ? sentence.indexOf('放假') : sentence.indexOf('连休');
      const work = sentence.indexOf('上班');
      if (off < 0 && work < 0) continue;
      const dates = datesIn(sentence.slice(0, off >= 0 ? off : work), noticeYear);
      if (!Array.isArray(dates)) {
        problems.push(
          problem(path, dates.code, `${name}: ${dates.message}`, { holiday: name, text: dates.text }),
        );
        continue;
      }
      for (const { date, weekday } of dates) {
        if (weekday !== undefined && weekday !== weekdayOf(dayFromDate(date)))
          problems.push(
            problem(
              path,
              'weekday',
              `${name}: ${date} is not the weekday the notice gives (周${'日一二三四五六'[weekday]})`,
              { holiday: name, date, weekday: `周${'日一二三四五六'[weekday]}` },
            ),
          );
      }
      if (off >= 0) {
        const [first, last] = dates;
        if (!first) {
          problems.push(problem(path, 'no_date', `${name}: no date before 放假`, { holiday: name }));
          continue;
        }
        const from = dayFromDate(first.date);
        const to = last && /至/.test(sentence) ? dayFromDate(last.date) : from;
        if (to < from)
          problems.push(
            problem(path, 'order', `${name}: ${last?.date} is before ${first.date}`, {
              holiday: name,
              from: first.date,
              to: last?.date ?? first.date,
            }),
          );
        for (let day = from; day <= to; day++) holiday.daysOff.push(dateOfDay(day));
        const total = /共(\d+)天/.exec(sentence) ?? /放假(\d+)天/.exec(sentence);
        if (total && Number(total[1]) !== holiday.daysOff.length)
          problems.push(
            problem(
              path,
              'count',
              `${name}: 共${total[1]}天 but ${first.date}…${dateOfDay(to)} is ${holiday.daysOff.length} days`,
              { holiday: name, stated: Number(total[1]), counted: holiday.daysOff.length },
            ),
          );
      } else {
        for (const { date } of dates) holiday.workdays.push(date);
      }
    }
    if (holiday.daysOff.length === 0 && holiday.workdays.length === 0) {
      problems.push(
        problem(path, 'nothing_understood', `${name}: no 放假 or 上班 dates understood`, { holiday: name }),
      );
      return;
    }
    holidays.push(holiday);
  });
  if (holidays.length === 0)
    problems.push(problem('text', 'no_lines', 'no holiday lines found (they read "一、元旦:1月1日…放假…")'));
  const leftOut: CalendarImport['leftOut'] = [];
  for (const holiday of holidays) {
    for (const date of holiday.daysOff) {
      if (date.startsWith(`${noticeYear}-`)) daysOff.push(date);
      else leftOut.push({ date, name: holiday.name, off: true });
    }
    for (const date of holiday.workdays) {
      if (date.startsWith(`${noticeYear}-`)) workdays.push(date);
      else leftOut.push({ date, name: holiday.name, off: false });
    }
  }
  return finish(noticeYear, holidays, daysOff, workdays, leftOut, problems);
}
