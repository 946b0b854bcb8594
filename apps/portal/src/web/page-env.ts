import type { AppEnv } from '../http/env';
import type { Lang, MessageKey, Params, Translate } from './i18n';

/** A message shown once on the next page (post-redirect-get). */
export interface Flash {
  key: MessageKey;
  params?: Params | undefined;
  kind: 'success' | 'error';
}

/** What the page middleware sets on `c.var` besides the app's variables. */
export type PageVariables = {
  lang: Lang;
  t: Translate;
  /** The form token of the signed-in session; undefined without a session. */
  csrfToken: string | undefined;
  flash: Flash | undefined;
  /** For commission admins: the year whose holiday notice is due and missing (the banner), else null. */
  calendarDue: number | null;
  /** Whether the cookies a page sets are `Secure` (https public address, or production). */
  cookieSecure: boolean;
};

export type PageEnv = { Variables: AppEnv['Variables'] & PageVariables };

/** What a form re-rendered after a refused submission shows: what was typed, and why not. */
export interface FormState {
  /** Which form on the page was sent (a complaint page has several). */
  form?: string | undefined;
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
}

export const emptyForm = (form?: string): FormState => ({ form, values: {}, errors: {} });
