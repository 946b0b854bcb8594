import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { AppDeps } from '../context';
import { LOGIN_EMAIL_COOKIE } from '../web/auth-guard';
import { Field } from '../web/components';
import type { Translate } from '../web/i18n';
import { page } from '../web/layout';
import { homeOf } from '../web/middleware';
import type { PageEnv } from '../web/page-env';
import { safeNext } from './routes';

function LoginForm(props: { t: Translate; email: string; next: string; error: string | undefined }) {
  const { t } = props;
  return (
    <article class="login">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      {props.error ? (
        <p class="error-summary" role="alert" id="login-error">
          {t(
            props.error === 'missing'
              ? 'login.error.missing'
              : props.error === 'wait'
                ? 'login.error.wait'
                : 'login.error.credentials',
          )}
        </p>
      ) : null}
      <form method="post" action="/login">
        <input type="hidden" name="next" value={props.next} />
        <Field
          form="login"
          name="email"
          type="email"
          label={t('login.email')}
          value={props.email}
          autocomplete="username"
          required
        />
        <Field
          form="login"
          name="password"
          type="password"
          label={t('login.password')}
          autocomplete="current-password"
          required
        />
        <button type="submit">{t('login.submit')}</button>
      </form>
    </article>
  );
}

/** `GET /` (to the role's home) and `GET /login`; the form posts to the existing `POST /login`. */
export function authPages(_deps: AppDeps) {
  return new Hono<PageEnv>()
    .get('/', (c) => {
      const p = c.get('principal');
      return c.redirect(p && c.get('sessionId') ? homeOf(p) : '/login', 303);
    })
    .get('/login', (c) => {
      const p = c.get('principal');
      const next = safeNext(c.req.query('next'));
      if (p && c.get('sessionId')) return c.redirect(next === '/' ? homeOf(p) : next, 303);
      const error = c.req.query('error');
      const email = getCookie(c, LOGIN_EMAIL_COOKIE) ?? '';
      if (email) deleteCookie(c, LOGIN_EMAIL_COOKIE, { path: '/login' });
      const t = c.get('t');
      return page(c, {
        title: t('login.title'),
        body: (
          <LoginForm
            t={t}
            email={error ? email : ''}
            next={next}
            error={error === 'credentials' || error === 'missing' || error === 'wait' ? error : undefined}
          />
        ),
      });
    });
}
