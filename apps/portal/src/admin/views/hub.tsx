import type { MessageKey } from '../../web/i18n';
import { ADMIN_SECTIONS } from '../../web/layout';
import type { Common } from './common';

/** What each section is for, on the start page. */
const INTROS: Record<string, MessageKey> = {
  '/admin/merchants': 'admin.merchantsIntro',
  '/admin/stations': 'admin.stationsIntro',
  '/users': 'admin.usersIntro',
  '/admin/policies': 'admin.policiesIntro',
  '/calendars': 'admin.calendarsIntro',
  '/audit/phone-reveals': 'admin.auditIntro',
  '/audit/attachment-reads': 'admin.attachmentReadsIntro',
};

/** 系统管理 — the commission admin's start page: each section, what it is for. */
export function AdminHub({ t }: Pick<Common, 't'>) {
  return (
    <>
      <hgroup>
        <h1>{t('admin.title')}</h1>
        <p>{t('admin.intro')}</p>
      </hgroup>
      <div class="admin-hub">
        {ADMIN_SECTIONS.map((s) => (
          <article>
            <h2>
              <a href={s.href}>{t(s.key)}</a>
            </h2>
            <p>{INTROS[s.href] ? t(INTROS[s.href] as MessageKey) : null}</p>
          </article>
        ))}
      </div>
    </>
  );
}
