import type { Station, User } from '@redress/core';
import { UserTable } from '../../users';
import { Checkbox, CsrfInput, dateTime, ErrorSummary, Field, Row } from '../../web/components';
import { type Common, InviteForm } from './common';

const href = (s: Pick<Station, 'id'>) => `/admin/stations/${s.id}`;

function StationFields(p: Common & { station?: Station }) {
  const { t, state } = p;
  const common = { form: 'station', state, optionalText: t('form.optional') };
  return (
    <>
      <Field
        {...common}
        name="name"
        label={t('admin.stationName')}
        required
        maxlength={200}
        value={p.station?.name}
      />
      <Field
        {...common}
        name="address"
        label={t('admin.address')}
        required
        maxlength={500}
        value={p.station?.address}
      />
      <Field
        {...common}
        name="host"
        label={t('admin.host')}
        required
        maxlength={200}
        value={p.station?.host}
      />
      <Checkbox {...common} name="online" label={t('admin.online')} checked={p.station?.online ?? true} />
    </>
  );
}

/** 联络站 — every liaison station, and the form to add one. */
export function StationsPage(p: Common & { stations: Station[] }) {
  const { t } = p;
  return (
    <>
      <hgroup>
        <h1>{t('admin.stations')}</h1>
        <p>{t('admin.stationsIntro')}</p>
      </hgroup>
      {p.stations.length === 0 ? (
        <p>{t('admin.none')}</p>
      ) : (
        <div class="overflow-auto">
          <table class="responsive striped">
            <thead>
              <tr>
                <th scope="col">{t('admin.stationName')}</th>
                <th scope="col">{t('admin.address')}</th>
                <th scope="col">{t('admin.host')}</th>
                <th scope="col">{t('admin.onlineShort')}</th>
              </tr>
            </thead>
            <tbody>
              {p.stations.map((s) => (
                <tr>
                  <th scope="row">
                    <a href={href(s)}>{s.name}</a>
                  </th>
                  <td data-label={t('admin.address')}>{s.address}</td>
                  <td data-label={t('admin.host')}>{s.host}</td>
                  <td data-label={t('admin.onlineShort')}>
                    {s.online ? t('admin.onlineShort') : t('admin.offline')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <article aria-labelledby="create">
        <h2 id="create">{t('admin.createStation')}</h2>
        <form method="post" action="/admin/stations" novalidate>
          <CsrfInput token={p.csrfToken} />
          <ErrorSummary state={p.state} form="station" t={t} />
          <StationFields {...p} />
          <button type="submit">{t('admin.createStationSubmit')}</button>
        </form>
      </article>
    </>
  );
}

/** One station: its record (online or not), and its operators. */
export function StationPage(p: Common & { station: Station; operators: User[] }) {
  const { t, lang, station: s } = p;
  return (
    <>
      <hgroup>
        <h1>{s.name}</h1>
        <p>{s.address}</p>
      </hgroup>
      <p>
        <a href="/admin/stations">
          {t('admin.back')} · {t('admin.stations')}
        </a>
      </p>
      <dl>
        <Row term={t('admin.host')}>{s.host}</Row>
        <Row term={t('admin.onlineShort')}>{s.online ? t('admin.onlineShort') : t('admin.offline')}</Row>
        <Row term={t('admin.registeredAt')}>{dateTime(s.createdAt)}</Row>
      </dl>
      <section aria-labelledby="details">
        <h2 id="details">{t('admin.stationDetails')}</h2>
        <form method="post" action={href(s)} novalidate>
          <CsrfInput token={p.csrfToken} />
          <ErrorSummary state={p.state} form="station" t={t} />
          <StationFields {...p} />
          <button type="submit">{t('admin.save')}</button>
        </form>
      </section>
      <section aria-labelledby="operators">
        <h2 id="operators">{t('admin.operators')}</h2>
        {p.operators.length === 0 ? (
          <p>{t('admin.none')}</p>
        ) : (
          <UserTable t={t} lang={lang} users={p.operators} />
        )}
        <details open={p.state?.form === 'invite' ? true : undefined}>
          <summary>{t('admin.inviteOperator')}</summary>
          <InviteForm
            {...p}
            action={`${href(s)}/operators`}
            title={t('admin.inviteSubmit')}
            roles={['station_operator']}
          />
        </details>
      </section>
    </>
  );
}
