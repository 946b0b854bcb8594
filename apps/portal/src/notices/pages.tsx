import { type Context, Hono } from 'hono';
import type { AppDeps } from '../context';
import { readForm, refused, text } from '../web/forms';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import {
  choicesFor,
  kindsFor,
  NOTICE_KINDS,
  NOTICE_ROLES,
  type NoticeSettings,
  readSettings,
  saveSettings,
} from './preferences';
import type { NoticeChoice } from './table';
import { NoticePreferencesPage } from './views/preferences';

async function render(c: Context<PageEnv>, deps: AppDeps, state?: FormState) {
  const p = pageUser(c);
  const t = c.get('t');
  const user = await deps.db
    .selectFrom('users')
    .select(['email'])
    .where('id', '=', p.id!)
    .executeTakeFirstOrThrow();
  return page(c, {
    title: t('notices.title'),
    status: state ? 422 : 200,
    canonical: '/settings/notices',
    current: '/settings/notices',
    body: (
      <NoticePreferencesPage
        t={t}
        csrfToken={c.get('csrfToken')}
        email={user.email}
        kinds={kindsFor(p.role!)}
        choices={choicesFor(p.role!)}
        settings={await readSettings(deps.db, p.id!, p.role!)}
        state={state}
      />
    ),
  });
}

/** `HH:MM` (24-hour) as minutes after midnight; null when it is not a time. */
export function minuteOf(value: string | undefined): number | null {
  const m = value === undefined ? null : /^([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** 通知设置: every merchant user and staff member chooses their notices (docs/notices.md). */
export function noticePages(deps: AppDeps) {
  const who = requireUser(NOTICE_ROLES);
  return new Hono<PageEnv>()
    .get('/settings/notices', who, (c) => render(c, deps))
    .post('/settings/notices', who, async (c) => {
      const p = pageUser(c);
      const t = c.get('t');
      const values = await readForm(c);
      const errors: Record<string, string> = {};
      const allowed = choicesFor(p.role!);
      const current = await readSettings(deps.db, p.id!, p.role!);
      const choices = { ...current.choices };
      for (const kind of kindsFor(p.role!)) {
        const v = text(values, `choice_${kind}`);
        if (v === undefined || !(allowed as readonly string[]).includes(v))
          errors[`choice_${kind}`] = t('notices.field.choice');
        else choices[kind] = v as NoticeChoice;
      }
      const minute = minuteOf(text(values, 'digestAt'));
      if (minute === null) errors.digestAt = t('notices.field.digestAt');
      const lang = text(values, 'lang');
      if (lang !== 'zh-CN' && lang !== 'en') errors.lang = t('notices.field.choice');
      if (Object.keys(errors).length > 0) return render(c, deps, refused('notices', values, errors));
      const settings: NoticeSettings = {
        lang: lang as NoticeSettings['lang'],
        digestMinute: minute!,
        choices,
      };
      for (const kind of NOTICE_KINDS) settings.choices[kind] ??= 'off';
      await saveSettings(deps.db, p.id!, p.role!, settings, deps.clock.now());
      return redirectWithFlash(c, '/settings/notices', 'notices.saved');
    });
}
