import { CreateSettlementInput, ListSettlementsQuery, parseInput } from '@redress/core';
import { type Context, Hono } from 'hono';
import { type AppDeps, withPrincipal } from '../context';
import { merchantChoices } from '../merchants';
import { listSettlements, logStationSettlement } from '../settlements';
import {
  checked,
  type FieldNaming,
  orInvalid,
  readForm,
  refused,
  text,
  yuanField,
  zodErrors,
} from '../web/forms';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import { getStation } from './service';
import { StationPage } from './views/station';

/** The settlement form's fields, and their own words for what is wrong with them. */
const SETTLEMENT_FIELDS: FieldNaming = {
  fieldOf: (path) => (path === 'amountFen' ? 'amount' : path),
  words: {
    amount: 'field.amount',
    consumerAccepted: 'field.mustAccept',
    merchantName: { required: 'field.nameMerchant' },
    merchantId: { not_found: 'field.unknownMerchant' },
  },
};

async function renderStation(c: Context<PageEnv>, deps: AppDeps, state?: FormState) {
  const ctx = withPrincipal(deps, pageUser(c));
  const station = await getStation(ctx, ctx.principal.stationId ?? '');
  const parsed = ListSettlementsQuery.safeParse({ limit: 20, cursor: c.req.query('cursor') || undefined });
  const query = parsed.success ? parsed.data : ListSettlementsQuery.parse({ limit: 20 });
  const { data, nextCursor } = await listSettlements(ctx, query);
  const merchants = await merchantChoices(ctx);
  const t = c.get('t');
  return page(c, {
    title: t('station.title'),
    status: state ? 422 : 200,
    canonical: '/station',
    current: '/station',
    body: (
      <StationPage
        t={t}
        lang={c.get('lang')}
        stationName={station.name}
        csrfToken={c.get('csrfToken')}
        state={state}
        merchants={merchants.map((m) => ({ value: m.id, label: `${m.name}（${m.creditCode}）` }))}
        settlements={data}
        nextCursor={nextCursor}
        isFirstPage={query.cursor === undefined}
      />
    ),
  });
}

/** A liaison station's operator: log an on-site settlement, see and export the station's settlements. */
export function stationPages(deps: AppDeps) {
  return new Hono<PageEnv>()
    .get('/station', requireUser(['station_operator']), (c) => renderStation(c, deps))
    .post('/station/settlements', requireUser(['station_operator']), async (c) => {
      const ctx = withPrincipal(deps, pageUser(c));
      const values = await readForm(c);
      const t = c.get('t');
      const merchantId = text(values, 'merchantId');
      const parsed = parseInput(CreateSettlementInput, {
        stationId: ctx.principal.stationId ?? '',
        merchantId,
        // A merchant picked from the list is named by the list; the free text is for the others.
        merchantName: merchantId ? undefined : text(values, 'merchantName'),
        creditCode: merchantId ? undefined : text(values, 'creditCode')?.toUpperCase(),
        outcome: text(values, 'outcome'),
        amountFen: yuanField(values, 'amount'),
        consumerAccepted: checked(values, 'consumerAccepted'),
        summary: text(values, 'summary'),
      });
      if (!parsed.success)
        return renderStation(
          c,
          deps,
          refused('settlement', values, zodErrors(parsed.error, t, SETTLEMENT_FIELDS)),
        );
      const done = await orInvalid(() => logStationSettlement(ctx, parsed.data), t, SETTLEMENT_FIELDS);
      if (!done.ok) return renderStation(c, deps, refused('settlement', values, done.errors));
      return redirectWithFlash(c, '/station', 'flash.stationLogged');
    });
}
