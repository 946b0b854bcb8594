import {
  type CalendarImport,
  CalendarYearParam,
  CalendarYearSchema,
  fieldErrors,
  holidayLawOf,
  type ImportProblem,
  type ImportProblemCode,
  Invalid,
  parseInput,
  readHolidayCn,
  readNotice,
  shanghaiDate,
  statutoryHolidays,
  toIso,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../context';
import { parseForm } from '../http/body';
import { CsrfInput, dateTime, ErrorSummary, Field, Row, TextArea } from '../web/components';
import { CSRF_FIELD } from '../web/csrf';
import { type FormValues, text } from '../web/forms';
import type { Lang, MessageKey, Translate } from '../web/i18n';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import type { CalendarSource, YearSource, YearView } from './calendar-store';

const PATH = '/calendars';

/** The years the page lists: every year with a notice, and this year and the next (Shanghai). */
function yearsToList(known: number[], now: number): number[] {
  const current = Number(shanghaiDate(now).slice(0, 4));
  return [...known, current, current + 1];
}

const SOURCE_KEYS: Record<YearSource, MessageKey> = {
  shipped: 'calendars.source.shipped',
  json: 'calendars.source.json',
  notice: 'calendars.source.notice',
  api: 'calendars.source.api',
  provisional: 'calendars.source.provisional',
  none: 'calendars.source.none',
};

const PROBLEM_KEYS: Record<ImportProblemCode, MessageKey> = {
  format: 'calendars.problem.format',
  not_weekend: 'calendars.problem.not_weekend',
  no_year: 'calendars.problem.no_year',
  year_mismatch: 'calendars.problem.year_mismatch',
  no_month: 'calendars.problem.no_month',
  not_a_date: 'calendars.problem.not_a_date',
  weekday: 'calendars.problem.weekday',
  no_date: 'calendars.problem.no_date',
  order: 'calendars.problem.order',
  count: 'calendars.problem.count',
  nothing_understood: 'calendars.problem.nothing_understood',
  no_lines: 'calendars.problem.no_lines',
  year_range: 'calendars.problem.year_range',
  both: 'calendars.problem.both',
};

/** A problem of an import in the page's language: the line it is on, then what is wrong. */
function problemText(p: ImportProblem, t: Translate): string {
  const said = t(PROBLEM_KEYS[p.code], p.params);
  const line = /^line (\d+)$/.exec(p.path)?.[1];
  return line ? t('calendars.problem.onLine', { n: line, problem: said }) : said;
}

/** Every problem of an import, as the one message shown beside its field. */
function problemsText(problems: ImportProblem[], t: Translate): string {
  const shown = problems.slice(0, 8).map((p) => problemText(p, t));
  if (problems.length > shown.length) shown.push(t('calendars.problem.more', { n: problems.length - 8 }));
  return t('calendars.error.problems', { list: shown.join(t('calendars.separator')) });
}

const weekday = (date: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/** `2027-01-01（周五）`: a date with its weekday, as the notice writes them. */
const dayText = (date: string, lang: Lang) =>
  lang === 'en' ? `${date} (${weekday(date, lang)})` : `${date}（${weekday(date, lang)}）`;

/** Consecutive dates as ranges: ['…-01','…-02','…-03','…-05'] → [['…-01','…-03'], ['…-05','…-05']]. */
function ranges(dates: string[]): [string, string, number][] {
  const out: [string, string, number][] = [];
  for (const date of [...dates].sort()) {
    const last = out[out.length - 1];
    if (last && Date.parse(`${date}T00:00:00Z`) - Date.parse(`${last[1]}T00:00:00Z`) === 86_400_000) {
      last[1] = date;
      last[2]++;
    } else out.push([date, date, 1]);
  }
  return out;
}

function DayRanges({ dates, lang, t }: { dates: string[]; lang: Lang; t: Translate }) {
  if (dates.length === 0) return <>{t('common.none')}</>;
  return (
    <ul class="day-ranges">
      {ranges(dates).map(([from, to, n]) => (
        <li>
          {from === to
            ? dayText(from, lang)
            : t('calendars.range', { from: dayText(from, lang), to: dayText(to, lang), n })}
        </li>
      ))}
    </ul>
  );
}

/** Who loaded a year and when, for the table: the admin's email where there is one. */
type Loaders = Map<string, string>;

async function loadersOf(deps: AppDeps, views: YearView[]): Promise<Loaders> {
  const ids = [...new Set(views.map((v) => v.loadedBy).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await deps.db.selectFrom('users').select(['id', 'email']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.email]));
}

function SourceText({ view, loaders, t }: { view: YearView; loaders: Loaders; t: Translate }) {
  const by = view.loadedBy ? (loaders.get(view.loadedBy) ?? view.loadedBy) : null;
  return (
    <>
      {t(SOURCE_KEYS[view.source])}
      {view.loadedAt !== null ? (
        <small class="muted">
          {' '}
          {t(by ? 'calendars.loadedByAt' : 'calendars.loadedAt', {
            by: by ?? '',
            at: dateTime(toIso(view.loadedAt)),
          })}
        </small>
      ) : null}
    </>
  );
}

const isOfficial = (s: YearSource) => s !== 'provisional' && s !== 'none';

function CalendarsPage(p: {
  t: Translate;
  lang: Lang;
  csrfToken: string | undefined;
  views: YearView[];
  loaders: Loaders;
  state?: FormState | undefined;
}) {
  const { t } = p;
  return (
    <>
      <h1>{t('calendars.title')}</h1>
      <p>{t('calendars.intro')}</p>
      <div class="overflow-auto">
        <table class="responsive striped">
          <thead>
            <tr>
              <th scope="col">{t('calendars.year')}</th>
              <th scope="col">{t('calendars.state')}</th>
              <th scope="col">{t('calendars.daysOff')}</th>
              <th scope="col">{t('calendars.workdays')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('common.view')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.views.map((v) => (
              <tr>
                <th scope="row" data-label={t('calendars.year')}>
                  {v.year}
                </th>
                <td data-label={t('calendars.state')}>
                  <span class={`badge calendar-${isOfficial(v.source) ? 'official' : v.source}`}>
                    {t(
                      isOfficial(v.source)
                        ? 'calendars.state.official'
                        : v.source === 'provisional'
                          ? 'calendars.state.provisional'
                          : 'calendars.state.none',
                    )}
                  </span>{' '}
                  <SourceText view={v} loaders={p.loaders} t={t} />
                </td>
                <td data-label={t('calendars.daysOff')}>{t('calendars.days', { n: v.daysOff.length })}</td>
                <td data-label={t('calendars.workdays')}>{t('calendars.days', { n: v.workdays.length })}</td>
                <td>
                  <a href={`${PATH}/${v.year}`} aria-label={t('calendars.viewYear', { year: v.year })}>
                    {t('common.view')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="import-json">
        <h2 id="import-json">{t('calendars.importJson')}</h2>
        <p>{t('calendars.importJsonIntro')}</p>
        <ErrorSummary state={p.state} form="json" t={t} />
        <form method="post" action={`${PATH}/import`} enctype="multipart/form-data">
          <CsrfInput token={p.csrfToken} />
          <input type="hidden" name="kind" value="json" />
          <Field
            form="json"
            name="file"
            type="file"
            label={t('calendars.file')}
            hint={t('calendars.fileHint')}
            state={p.state}
          />
          <TextArea
            form="json"
            name="json"
            rows={4}
            label={t('calendars.pasteJson')}
            optionalText={t('form.optional')}
            state={p.state}
          />
          <button type="submit">{t('calendars.read')}</button>
        </form>
      </section>

      <section aria-labelledby="import-notice">
        <h2 id="import-notice">{t('calendars.importNotice')}</h2>
        <p>{t('calendars.importNoticeIntro')}</p>
        <ErrorSummary state={p.state} form="notice" t={t} />
        <form method="post" action={`${PATH}/import`}>
          <CsrfInput token={p.csrfToken} />
          <input type="hidden" name="kind" value="notice" />
          <TextArea
            form="notice"
            name="notice"
            rows={10}
            label={t('calendars.noticeText')}
            hint={t('calendars.noticeHint')}
            required
            state={p.state}
          />
          <Field
            form="notice"
            name="year"
            inputmode="numeric"
            maxlength={4}
            label={t('calendars.noticeYear')}
            hint={t('calendars.noticeYearHint')}
            optionalText={t('form.optional')}
            state={p.state}
          />
          <button type="submit">{t('calendars.read')}</button>
        </form>
      </section>
    </>
  );
}

function YearPage(p: { t: Translate; lang: Lang; view: YearView; loaders: Loaders }) {
  const { t, lang, view } = p;
  const holidays = view.source === 'provisional' ? statutoryHolidays(view.year) : [];
  const law = holidayLawOf(view.year);
  return (
    <>
      <p>
        <a href={PATH}>{t('calendars.back')}</a>
      </p>
      <h1>{t('calendars.yearTitle', { year: view.year })}</h1>
      <dl>
        <Row term={t('calendars.state')}>
          <SourceText view={view} loaders={p.loaders} t={t} />
        </Row>
        {law ? <Row term={t('calendars.law')}>{law}</Row> : null}
      </dl>
      {view.source === 'provisional' ? <p class="banner">{t('calendars.provisionalNote')}</p> : null}
      {view.source === 'none' ? <p class="banner">{t('calendars.noneNote')}</p> : null}
      <h2>{t('calendars.daysOff')}</h2>
      {holidays.length > 0 ? (
        <div class="overflow-auto">
          <table class="responsive striped">
            <thead>
              <tr>
                <th scope="col">{t('calendars.holiday')}</th>
                <th scope="col">{t('calendars.statutoryDay')}</th>
              </tr>
            </thead>
            <tbody>
              {holidays.map((h) => (
                <tr>
                  <td data-label={t('calendars.holiday')}>{h.name}</td>
                  <td data-label={t('calendars.statutoryDay')}>{dayText(h.date, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <DayRanges dates={view.daysOff} lang={lang} t={t} />
      <h2>{t('calendars.workdays')}</h2>
      <DayRanges dates={view.workdays} lang={lang} t={t} />
    </>
  );
}

/** What the import was read from: the form it came by, for the preview and the saved `source`. */
type ImportKind = 'json' | 'notice';

function PreviewPage(p: {
  t: Translate;
  lang: Lang;
  csrfToken: string | undefined;
  kind: ImportKind;
  read: CalendarImport;
  current: YearView;
}) {
  const { t, lang, read } = p;
  const { calendar } = read;
  return (
    <>
      <h1>{t('calendars.previewTitle', { year: calendar.year })}</h1>
      <p>{t('calendars.previewIntro')}</p>
      <p class={isOfficial(p.current.source) ? 'banner' : undefined}>
        {isOfficial(p.current.source)
          ? t('calendars.replaces', { year: calendar.year, source: t(SOURCE_KEYS[p.current.source]) })
          : t('calendars.replacesProvisional', { year: calendar.year })}
      </p>
      <div class="overflow-auto">
        <table class="responsive striped">
          <caption>{t('calendars.understood')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('calendars.holiday')}</th>
              <th scope="col">{t('calendars.daysOff')}</th>
              <th scope="col">{t('calendars.workdays')}</th>
            </tr>
          </thead>
          <tbody>
            {read.holidays.map((h) => (
              <tr>
                <th scope="row" data-label={t('calendars.holiday')}>
                  {h.name}
                  {p.kind === 'notice' ? (
                    <>
                      <br />
                      <small class="muted">{h.line}</small>
                    </>
                  ) : null}
                </th>
                <td data-label={t('calendars.daysOff')}>
                  <DayRanges dates={h.daysOff} lang={lang} t={t} />
                </td>
                <td data-label={t('calendars.workdays')}>
                  <DayRanges dates={h.workdays} lang={lang} t={t} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {t('calendars.totals', {
          year: calendar.year,
          off: calendar.daysOff.length,
          work: calendar.workdays.length,
        })}
      </p>
      {read.leftOut.length > 0 ? (
        <>
          <p>{t('calendars.leftOut', { year: calendar.year })}</p>
          <ul>
            {read.leftOut.map((d) => (
              <li>
                {dayText(d.date, lang)} · {d.name} · {t(d.off ? 'calendars.kind.off' : 'calendars.kind.work')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form method="post" action={`${PATH}/confirm`}>
        <CsrfInput token={p.csrfToken} />
        <input type="hidden" name="source" value={p.kind} />
        <input type="hidden" name="year" value={String(calendar.year)} />
        <input type="hidden" name="daysOff" value={calendar.daysOff.join(' ')} />
        <input type="hidden" name="workdays" value={calendar.workdays.join(' ')} />
        <p>{t('calendars.confirmHint')}</p>
        <button type="submit">{t('calendars.confirm', { year: calendar.year })}</button>{' '}
        <a href={PATH}>{t('calendars.cancel')}</a>
      </form>
    </>
  );
}

/** The form as strings, and the uploaded file (multipart) when one was chosen. */
async function readImportForm(c: Context<PageEnv>): Promise<{ values: FormValues; file: File | null }> {
  const body = await parseForm(c);
  const values: FormValues = {};
  let file: File | null = null;
  for (const [name, value] of Object.entries(body)) {
    if (name === CSRF_FIELD) continue;
    if (typeof value === 'string') values[name] = value;
    // A file input left empty is sent as a part without a name or content.
    else if (value instanceof File && name === 'file' && value.size > 0) file = value;
  }
  return { values, file };
}

type Read = { ok: true; read: CalendarImport } | { ok: false; errors: Record<string, string> };

/** A holiday-cn file (uploaded, or pasted) read as the CLI reads it. */
async function readJson(values: FormValues, file: File | null, t: Translate): Promise<Read> {
  const field = file ? 'file' : 'json';
  const source = file ? await file.text() : (text(values, 'json') ?? '');
  if (!source.trim()) return { ok: false, errors: { file: t('calendars.error.nothing') } };
  let input: unknown;
  try {
    input = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, errors: { [field]: t('calendars.error.notJson') } };
  }
  const read = readHolidayCn(input);
  if (read.problems.length > 0) return { ok: false, errors: { [field]: problemsText(read.problems, t) } };
  return { ok: true, read };
}

/** The pasted notice, its year from the title or the year field. */
function readNoticeForm(values: FormValues, t: Translate): Read {
  const notice = text(values, 'notice');
  if (!notice) return { ok: false, errors: { notice: t('field.required') } };
  const typedYear = text(values, 'year');
  let year: number | undefined;
  if (typedYear !== undefined) {
    const parsed = CalendarYearParam.safeParse(typedYear);
    if (!parsed.success || !/^\d{4}$/.test(typedYear))
      return { ok: false, errors: { year: t('calendars.error.year') } };
    year = parsed.data;
  }
  const read = readNotice(notice, year);
  if (read.problems.length === 0) return { ok: true, read };
  const errors: Record<string, string> = {};
  const ofYear = read.problems.filter((p) => p.path === 'year');
  const ofText = read.problems.filter((p) => p.path !== 'year');
  if (ofYear.length > 0) errors.year = problemsText(ofYear, t);
  if (ofText.length > 0) errors.notice = problemsText(ofText, t);
  return { ok: false, errors };
}

/** The dates of a hidden field of the confirmation form: separated by spaces. */
const datesOf = (values: FormValues, name: string) =>
  (text(values, name) ?? '').split(/[\s,]+/).filter(Boolean);

/**
 * 工作日历 — commission admins see each year's days off and adjusted working days, and load a
 * year's State Council notice: a holiday-cn JSON file (uploaded or pasted) or the notice's text
 * pasted from gov.cn. What was read is shown first; the confirmation re-posts the parsed days,
 * which are checked again and saved as the CLI and `PUT /api/v1/calendars/{year}` save them
 * (`CalendarStore.put`: the year and the recomputed running clocks in one transaction, with who
 * loaded it).
 */
export function calendarPages(deps: AppDeps) {
  const admins = requireUser(['commission_admin']);

  async function renderList(c: Context<PageEnv>, state?: FormState) {
    const t = c.get('t');
    const now = deps.clock.now();
    const calendar = await deps.calendars.get(now);
    const views = await deps.calendars.show(yearsToList(calendar.years(), now), now);
    return page(c, {
      title: t('calendars.title'),
      status: state ? 422 : 200,
      current: PATH,
      canonical: PATH,
      body: (
        <CalendarsPage
          t={t}
          lang={c.get('lang')}
          csrfToken={c.get('csrfToken')}
          views={views}
          loaders={await loadersOf(deps, views)}
          state={state}
        />
      ),
    });
  }

  return new Hono<PageEnv>()
    .get(PATH, admins, (c) => renderList(c))
    .get(`${PATH}/:year`, admins, async (c) => {
      const t = c.get('t');
      const year = CalendarYearParam.safeParse(c.req.param('year'));
      if (!year.success || !/^\d{4}$/.test(c.req.param('year')))
        throw new Invalid('the year is not valid', [
          { path: 'year', code: 'invalid_value', message: 'must be a year, 1900–2200' },
        ]);
      const [view] = await deps.calendars.show([year.data], deps.clock.now());
      return page(c, {
        title: t('calendars.yearTitle', { year: year.data }),
        current: PATH,
        body: <YearPage t={t} lang={c.get('lang')} view={view!} loaders={await loadersOf(deps, [view!])} />,
      });
    })
    .post(`${PATH}/import`, admins, async (c) => {
      const t = c.get('t');
      const { values, file } = await readImportForm(c);
      const kind: ImportKind = values.kind === 'notice' ? 'notice' : 'json';
      const result = kind === 'notice' ? readNoticeForm(values, t) : await readJson(values, file, t);
      if (!result.ok) return renderList(c, { form: kind, values, errors: result.errors });
      const now = deps.clock.now();
      const [current] = await deps.calendars.show([result.read.calendar.year], now);
      return page(c, {
        title: t('calendars.previewTitle', { year: result.read.calendar.year }),
        current: PATH,
        canonical: PATH,
        body: (
          <PreviewPage
            t={t}
            lang={c.get('lang')}
            csrfToken={c.get('csrfToken')}
            kind={kind}
            read={result.read}
            current={current!}
          />
        ),
      });
    })
    .post(`${PATH}/confirm`, admins, async (c) => {
      const body = await parseForm(c);
      const values: FormValues = {};
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v;
      const source: CalendarSource = values.source === 'notice' ? 'notice' : 'json';
      // The days come back from the preview's hidden fields: checked again, as the API checks them.
      const parsed = parseInput(CalendarYearSchema, {
        year: Number(text(values, 'year')),
        daysOff: datesOf(values, 'daysOff'),
        workdays: datesOf(values, 'workdays'),
      });
      if (!parsed.success) throw new Invalid('the calendar is not valid', fieldErrors(parsed.error));
      const recomputed = await deps.calendars.put(parsed.data, deps.clock.now(), {
        source,
        loadedBy: pageUser(c).id,
      });
      return redirectWithFlash(c, `${PATH}/${parsed.data.year}`, 'flash.calendarLoaded', {
        year: parsed.data.year,
        off: parsed.data.daysOff.length,
        work: parsed.data.workdays.length,
        recomputed,
      });
    });
}
