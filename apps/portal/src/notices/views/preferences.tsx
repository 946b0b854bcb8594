import { CsrfInput, ErrorSummary, Field, Select } from '../../web/components';
import type { MessageKey, Translate } from '../../web/i18n';
import type { FormState } from '../../web/page-env';
import type { NoticeKind, NoticeSettings } from '../preferences';
import type { NoticeChoice } from '../table';

export interface NoticePreferencesProps {
  t: Translate;
  csrfToken: string | undefined;
  email: string;
  kinds: readonly NoticeKind[];
  choices: readonly NoticeChoice[];
  settings: NoticeSettings;
  state?: FormState | undefined;
}

export const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** /settings/notices: for each kind of notice, at once, in the digest, or not at all; the digest's time; the language. */
export function NoticePreferencesPage(p: NoticePreferencesProps) {
  const { t, settings } = p;
  const common = { form: 'notices', state: p.state, optionalText: t('form.optional') };
  return (
    <>
      <h1>{t('notices.title')}</h1>
      <p>{t('notices.intro')}</p>
      {p.kinds.length === 0 ? (
        <p>{t('notices.noneForRole')}</p>
      ) : (
        <form method="post" action="/settings/notices" novalidate>
          <CsrfInput token={p.csrfToken} />
          <ErrorSummary state={p.state} form="notices" t={t} />
          <p>{t('notices.sentTo', { email: p.email })}</p>
          <fieldset>
            <legend>{t('notices.kinds')}</legend>
            {p.kinds.map((kind) => (
              <Select
                {...common}
                name={`choice_${kind}`}
                label={t(`notices.kind.${kind}` as MessageKey)}
                value={settings.choices[kind]}
                required
                options={p.choices.map((c) => ({ value: c, label: t(`notices.choice.${c}` as MessageKey) }))}
              />
            ))}
          </fieldset>
          <div class="grid">
            <Field
              {...common}
              name="digestAt"
              type="time"
              label={t('notices.digestAt')}
              hint={t('notices.digestAtHint')}
              value={hhmm(settings.digestMinute)}
              required
            />
            <Select
              {...common}
              name="lang"
              label={t('notices.lang')}
              value={settings.lang}
              required
              options={[
                { value: 'zh-CN', label: t('notices.lang.zh-CN') },
                { value: 'en', label: t('notices.lang.en') },
              ]}
            />
          </div>
          <button type="submit">{t('notices.save')}</button>
        </form>
      )}
    </>
  );
}
