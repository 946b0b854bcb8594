import { ROLE_LABELS } from '@redress/core';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Principal } from '../http/principal';
import { ASSET_PATHS } from './assets';
import { CsrfInput } from './components';
import { type Lang, labelOf, type Translate } from './i18n';
import type { Flash, PageEnv } from './page-env';

export interface LayoutProps {
  lang: Lang;
  t: Translate;
  title: string;
  principal: Principal | undefined;
  csrfToken: string | undefined;
  flash: Flash | undefined;
  /** The address of this page in the other language. */
  switchHref: string;
  /** A year whose holiday notice is due and not loaded: the admins' banner (else null). */
  calendarDue?: number | null;
  /** The path of the current section, for `aria-current` in the navigation. */
  current: string;
  children: Child;
}

function navItems(p: Principal | undefined): { href: string; key: Parameters<Translate>[0] }[] {
  if (p?.kind !== 'user') return [];
  if (p.actor === 'merchant') {
    return [
      { href: '/inbox', key: 'nav.inbox' },
      ...(p.role === 'merchant_admin'
        ? [
            { href: '/scorecard', key: 'nav.scorecard' as const },
            { href: '/settings', key: 'nav.settings' as const },
          ]
        : []),
      { href: '/settings/notices', key: 'notices.nav' },
    ];
  }
  if (p.actor === 'station') return [{ href: '/station', key: 'nav.station' }];
  if (p.actor === 'staff')
    return [
      { href: '/dashboard', key: 'nav.figures' },
      { href: '/staff', key: 'nav.queues' },
      { href: '/inbox', key: 'nav.inbox' },
      { href: '/intake', key: 'nav.intake' },
      { href: '/alerts', key: 'nav.alerts' },
      { href: '/cases', key: 'nav.cases' },
      { href: '/imports', key: 'nav.imports' },
      ...(p.role === 'commission_admin' ? [{ href: '/admin', key: 'nav.admin' as const }] : []),
      { href: '/settings/notices', key: 'notices.nav' },
    ];
  return [];
}

/**
 * The commission admin's sections (系统管理), under the main navigation on each of their pages
 * and on the admin's start page: the admin pages link the other features' pages (users,
 * calendars, phone reveals, file reads) rather than repeating them.
 */
export const ADMIN_SECTIONS: readonly { href: string; key: Parameters<Translate>[0] }[] = [
  { href: '/admin/merchants', key: 'nav.merchants' },
  { href: '/admin/stations', key: 'nav.stations' },
  { href: '/users', key: 'nav.users' },
  { href: '/admin/policies', key: 'nav.policies' },
  { href: '/calendars', key: 'nav.calendars' },
  { href: '/audit/phone-reveals', key: 'nav.audit' },
  { href: '/audit/attachment-reads', key: 'nav.attachmentReads' },
];

const within = (current: string, href: string) => current === href || current.startsWith(`${href}/`);

/** The admin section a page belongs to, or null outside them (`/admin` itself is the start page). */
function adminSection(p: Principal | undefined, current: string): string | null | undefined {
  if (p?.kind !== 'user' || p.role !== 'commission_admin') return undefined;
  if (current === '/admin') return null;
  return ADMIN_SECTIONS.find((s) => within(current, s.href))?.href;
}

/** Every page: landmarks, a skip link, the navigation of the role, the flash message, and a footer. */
export function Layout(props: LayoutProps) {
  const { t, principal } = props;
  const items = navItems(principal);
  const signedIn = principal?.kind === 'user';
  const section = adminSection(principal, props.current);
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{`${props.title} · ${t('app.name')}`}</title>
        <link rel="icon" href={ASSET_PATHS.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={ASSET_PATHS.pico} />
        <link rel="stylesheet" href={ASSET_PATHS.redress} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <nav class="container" aria-label={t('nav.main')}>
            <ul>
              <li>
                <a href="/" class="brand">
                  <strong>{t('app.name')}</strong>
                </a>
              </li>
            </ul>
            <ul>
              {items.map((item) => (
                <li>
                  <a
                    href={item.href}
                    aria-current={
                      props.current === item.href
                        ? 'page'
                        : item.href === '/admin' && section
                          ? 'true'
                          : undefined
                    }
                  >
                    {t(item.key)}
                  </a>
                </li>
              ))}
              <li>
                <a href={props.switchHref} hreflang={props.lang === 'en' ? 'zh-CN' : 'en'}>
                  {t('nav.switchLanguage')}
                </a>
              </li>
              {signedIn && principal.role ? (
                <li>
                  <form method="post" action="/logout" class="inline-form">
                    <CsrfInput token={props.csrfToken} />
                    <button type="submit" class="secondary outline small">
                      {t('nav.signOut')}
                    </button>
                  </form>
                </li>
              ) : null}
            </ul>
          </nav>
          {section !== undefined ? (
            <nav class="container admin-nav" aria-label={t('nav.adminSections')}>
              <ul>
                {ADMIN_SECTIONS.map((s) => (
                  <li>
                    <a
                      href={s.href}
                      aria-current={
                        props.current === s.href ? 'page' : section === s.href ? 'true' : undefined
                      }
                    >
                      {t(s.key)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {signedIn && principal.role ? (
            <p class="container role-line">
              {t('nav.signedInAs', { role: labelOf(ROLE_LABELS, principal.role, props.lang) })}
            </p>
          ) : null}
        </header>
        <main id="main" class="container" tabindex={-1}>
          {props.calendarDue ? (
            <p class="banner" role="status">
              {t('calendars.banner', { year: props.calendarDue })}{' '}
              <a href="/calendars">{t('calendars.bannerLink')}</a>
            </p>
          ) : null}
          {props.flash ? (
            <p
              class={`flash flash-${props.flash.kind}`}
              role={props.flash.kind === 'error' ? 'alert' : 'status'}
            >
              {t(props.flash.key, props.flash.params)}
            </p>
          ) : null}
          {props.children}
        </main>
        <footer class="container site-footer">
          <small>
            {t('footer.about')}
            <br />
            {t('footer.privacy')}
          </small>
        </footer>
      </body>
    </html>
  );
}

/** The other language's address of the current page (a POST's re-render links to `canonical`). */
function switchHref(c: Context<PageEnv>, canonical?: string): string {
  const other = c.get('lang') === 'en' ? 'zh-CN' : 'en';
  const url = new URL(c.req.url);
  const base = c.req.method === 'GET' ? url.pathname : (canonical ?? '/');
  const params = c.req.method === 'GET' ? new URLSearchParams(url.search) : new URLSearchParams();
  params.set('lang', other);
  return `${base}?${params.toString()}`;
}

/**
 * Renders a page inside the layout.
 * @example return page(c, { title: t('inbox.title'), body: <Inbox … /> });
 */
export type PageStatus = 200 | 400 | 403 | 404 | 409 | 413 | 422 | 500;

/** Answers with a whole HTML document: the doctype keeps browsers out of quirks mode. */
export async function htmlDocument(
  c: Context,
  node: { toString(): string | Promise<string> },
  status: PageStatus = 200,
): Promise<Response> {
  return c.html(`<!DOCTYPE html>${await node.toString()}`, status);
}

export function page(
  c: Context<PageEnv>,
  opts: { title: string; body: Child; status?: PageStatus; canonical?: string; current?: string },
) {
  return htmlDocument(
    c,
    <Layout
      lang={c.get('lang')}
      t={c.get('t')}
      title={opts.title}
      principal={c.get('principal')}
      csrfToken={c.get('csrfToken')}
      flash={c.get('flash')}
      calendarDue={c.get('calendarDue')}
      switchHref={switchHref(c, opts.canonical)}
      current={opts.current ?? c.req.path}
    >
      {opts.body}
    </Layout>,
    opts.status,
  );
}
