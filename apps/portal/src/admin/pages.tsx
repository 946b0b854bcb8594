import {
  type ApiClient,
  ApiClientId,
  CodeSchema,
  Conflict,
  CreateApiClientInput,
  CreateMerchantInput,
  CreateStationInput,
  CreateUserInput,
  Invalid,
  MerchantId,
  NotFound,
  parseInput,
  SetMerchantAliasesInput,
  SlaPolicyInput,
  StationId,
  UpdateMerchantInput,
  UpdateStationInput,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import { createApiClient, listApiClients, revokeApiClient } from '../api-clients';
import { openComplaintsOfJoinedBusiness, routeJoinedBusiness } from '../complaints';
import { type AppDeps, type ServiceContext, withPrincipal } from '../context';
import {
  createMerchant,
  getMerchant,
  getMerchantAliases,
  listMerchants,
  setMerchantAliases,
  updateMerchant,
} from '../merchants';
import { getPolicy, listPolicies, savePolicy } from '../sla';
import { createStation, getStation, listStations, updateStation } from '../stations';
import { confirmationPage, createUser, listUsers } from '../users';
import {
  checked,
  type FieldNaming,
  type FormValues,
  orInvalid,
  readForm,
  refused,
  text,
  zodErrors,
} from '../web/forms';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import { AdminHub } from './views/hub';
import { MerchantPage, MerchantsPage } from './views/merchants';
import { PoliciesPage, PolicyPage, TARGETS } from './views/policies';
import { StationPage, StationsPage } from './views/stations';

type C = Context<PageEnv>;

/** A text field as typed (the schema trims it): an emptied field is refused, not left unchanged. */
const typed = (values: FormValues, name: string): string | undefined => {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
};

/** A whole number of days as typed: undefined when empty, NaN when it is not one. */
function days(values: FormValues, name: string): number | undefined {
  const s = text(values, name);
  if (s === undefined) return undefined;
  return /^\d{1,4}$/.test(s) ? Number(s) : Number.NaN;
}

/** The invitation's own words for what is wrong with its fields. */
const INVITE_FIELDS: FieldNaming = {
  words: { email: 'field.email', password: 'field.password', role: 'field.choose' },
};
const MERCHANT_FIELDS: FieldNaming = {
  words: { slaPolicy: 'field.unknownPolicy' },
};

/** The policy form's field of each input path (`acknowledge.amount` → `ackAmount`). */
const POLICY_FIELDS: FieldNaming = {
  fieldOf: (path) => {
    if (path === 'name.zh' || path === 'name') return 'nameZh';
    if (path === 'name.en') return 'nameEn';
    for (const x of TARGETS) {
      if (path === x.key || path === `${x.key}.amount`) return `${x.field}Amount`;
      if (path === `${x.key}.unit`) return `${x.field}Unit`;
    }
    return path;
  },
  words: {
    code: 'admin.codeInvalid',
    ackAmount: 'admin.days',
    settleAmount: 'admin.days',
    answerAmount: 'admin.days',
    ackUnit: 'field.choose',
    settleUnit: 'field.choose',
    answerUnit: 'field.choose',
  },
};

/** The secret of a client just made, kept for the one page after the redirect (post-redirect-get). */
const SECRET_COOKIE = 'redress_new_client';

/**
 * 系统管理 — the commission admin's pages: merchants, stations, SLA policies, and the start
 * page that links them with the users, calendars and audit pages of their own features.
 * Every page calls the API's own service verbs through the features' front doors and validates
 * with the API's schemas; each change answers with a redirect (post-redirect-get), a refused
 * form is shown again with each message beside its field. Only commission admins: anyone else
 * gets the 403 page (`requireUser`), and the services check the role again.
 */
export function adminPages(deps: AppDeps) {
  const admin = requireUser(['commission_admin']);
  const ctx = (c: C): ServiceContext => withPrincipal(deps, pageUser(c));
  const show = (c: C, title: string, body: Child, opts: { state?: FormState; current?: string } = {}) =>
    page(c, {
      title,
      status: opts.state ? 422 : 200,
      current: opts.current ?? c.req.path,
      canonical: opts.current ?? c.req.path,
      body,
    });

  const merchantIdOf = (c: C) => {
    const id = MerchantId.safeParse(c.req.param('id'));
    if (!id.success) throw new NotFound('merchant');
    return id.data;
  };
  const stationIdOf = (c: C) => {
    const id = StationId.safeParse(c.req.param('id'));
    if (!id.success) throw new NotFound('station');
    return id.data;
  };
  const policyCodeOf = (c: C) => {
    const code = CodeSchema.safeParse(c.req.param('code'));
    if (!code.success) throw new NotFound('SLA policy');
    return code.data;
  };

  async function renderMerchants(c: C, state?: FormState) {
    const t = c.get('t');
    return show(
      c,
      t('admin.merchants'),
      <MerchantsPage
        t={t}
        lang={c.get('lang')}
        csrfToken={c.get('csrfToken')}
        state={state}
        merchants={await listMerchants(ctx(c))}
        policies={await listPolicies(ctx(c))}
      />,
      { state, current: '/admin/merchants' },
    );
  }

  async function renderMerchant(c: C, opts: { state?: FormState; created?: ApiClient } = {}) {
    const id = merchantIdOf(c);
    const merchant = await getMerchant(ctx(c), id);
    const path = `/admin/merchants/${id}`;
    return show(
      c,
      merchant.name,
      <MerchantPage
        t={c.get('t')}
        lang={c.get('lang')}
        csrfToken={c.get('csrfToken')}
        state={opts.state}
        merchant={merchant}
        policies={await listPolicies(ctx(c))}
        users={(await listUsers(ctx(c))).filter((u) => u.merchantId === id)}
        clients={(await listApiClients(ctx(c))).filter((cl) => cl.merchantId === id)}
        aliases={(await getMerchantAliases(ctx(c), id)).aliases}
        waiting={(await openComplaintsOfJoinedBusiness(deps.db, id)).length}
        created={opts.created}
      />,
      { state: opts.state, current: path },
    );
  }

  async function renderStations(c: C, state?: FormState) {
    const t = c.get('t');
    return show(
      c,
      t('admin.stations'),
      <StationsPage
        t={t}
        lang={c.get('lang')}
        csrfToken={c.get('csrfToken')}
        state={state}
        stations={await listStations(ctx(c))}
      />,
      { state, current: '/admin/stations' },
    );
  }

  async function renderStation(c: C, state?: FormState) {
    const id = stationIdOf(c);
    const station = await getStation(ctx(c), id);
    return show(
      c,
      station.name,
      <StationPage
        t={c.get('t')}
        lang={c.get('lang')}
        csrfToken={c.get('csrfToken')}
        state={state}
        station={station}
        operators={(await listUsers(ctx(c))).filter((u) => u.stationId === id)}
      />,
      { state, current: `/admin/stations/${id}` },
    );
  }

  async function renderPolicy(c: C, code: string | undefined, state?: FormState) {
    const t = c.get('t');
    const policy = code === undefined ? undefined : await getPolicy(ctx(c), code);
    return show(
      c,
      policy ? (c.get('lang') === 'en' ? policy.name.en : policy.name.zh) : t('admin.newPolicy'),
      <PolicyPage t={t} lang={c.get('lang')} csrfToken={c.get('csrfToken')} state={state} policy={policy} />,
      { state, current: code === undefined ? '/admin/policies/new' : `/admin/policies/${code}` },
    );
  }

  /** Adds a user the page places (a merchant's, a station's), by the API's rules and words. */
  async function invite(
    c: C,
    place: { merchantId?: string; stationId?: string },
    again: (state: FormState) => Promise<Response>,
    back: string,
  ) {
    const t = c.get('t');
    const values = await readForm(c);
    // The typed password is never sent back to the browser.
    const kept = { ...values, password: '' };
    const parsed = parseInput(CreateUserInput, {
      email: text(values, 'email'),
      name: text(values, 'name'),
      password: typeof values.password === 'string' ? values.password : undefined,
      role: text(values, 'role'),
      ...place,
    });
    if (!parsed.success) return again(refused('invite', kept, zodErrors(parsed.error, t, INVITE_FIELDS)));
    try {
      const done = await orInvalid(() => createUser(ctx(c), parsed.data), t, INVITE_FIELDS);
      if (!done.ok) return again(refused('invite', kept, done.errors));
      return redirectWithFlash(c, back, 'flash.adminUserInvited', { email: done.value.email });
    } catch (err) {
      if (!(err instanceof Conflict)) throw err;
      return again(refused('invite', kept, { email: t('field.duplicateEmail') }));
    }
  }

  /** The policy form as the API's input (`SlaPolicyInput`), and the words of what is wrong. */
  function readPolicy(c: C, values: FormValues) {
    const t = c.get('t');
    const target = (field: string) => ({
      amount: days(values, `${field}Amount`),
      unit: text(values, `${field}Unit`),
    });
    const parsed = parseInput(SlaPolicyInput, {
      name: { zh: typed(values, 'nameZh'), en: typed(values, 'nameEn') },
      acknowledge: target('ack'),
      settle: target('settle'),
      answer: target('answer'),
    });
    if (parsed.success) return { ok: true as const, input: parsed.data };
    const errors = zodErrors(parsed.error, t, POLICY_FIELDS);
    // Both days are whole numbers in range: what is wrong is the settle target shorter than the acknowledge one.
    const inRange = (n: number | undefined) => n !== undefined && Number.isInteger(n) && n >= 1 && n <= 365;
    if (errors.settleAmount && inRange(days(values, 'settleAmount')) && inRange(days(values, 'ackAmount')))
      errors.settleAmount = t('admin.settleShorter');
    return { ok: false as const, errors };
  }

  return (
    new Hono<PageEnv>()
      .get('/admin', admin, (c) => show(c, c.get('t')('admin.title'), <AdminHub t={c.get('t')} />))

      // Merchants
      .get('/admin/merchants', admin, (c) => renderMerchants(c))
      .post('/admin/merchants', admin, async (c) => {
        const t = c.get('t');
        const values = await readForm(c);
        const parsed = parseInput(CreateMerchantInput, {
          name: text(values, 'name'),
          creditCode: text(values, 'creditCode')?.toUpperCase(),
          slaPolicy: text(values, 'slaPolicy'),
        });
        if (!parsed.success)
          return renderMerchants(c, refused('merchant', values, zodErrors(parsed.error, t, MERCHANT_FIELDS)));
        try {
          const done = await orInvalid(() => createMerchant(ctx(c), parsed.data), t, MERCHANT_FIELDS);
          if (!done.ok) return renderMerchants(c, refused('merchant', values, done.errors));
          return redirectWithFlash(c, `/admin/merchants/${done.value.id}`, 'flash.merchantRegistered', {
            name: done.value.name,
          });
        } catch (err) {
          if (!(err instanceof Conflict)) throw err;
          return renderMerchants(
            c,
            refused('merchant', values, { creditCode: t('field.duplicateCreditCode') }),
          );
        }
      })
      .get('/admin/merchants/:id', admin, (c) => {
        const raw = getCookie(c, SECRET_COOKIE);
        let created: ApiClient | undefined;
        if (raw) {
          deleteCookie(c, SECRET_COOKIE, { path: c.req.path });
          try {
            const kept = JSON.parse(raw) as ApiClient;
            if (kept.merchantId === c.req.param('id')) created = kept;
          } catch {
            created = undefined;
          }
        }
        return renderMerchant(c, { created });
      })
      .post('/admin/merchants/:id', admin, async (c) => {
        const t = c.get('t');
        const id = merchantIdOf(c);
        const values = await readForm(c);
        const parsed = parseInput(UpdateMerchantInput, {
          name: typed(values, 'name'),
          slaPolicy: text(values, 'slaPolicy'),
        });
        if (!parsed.success)
          return renderMerchant(c, {
            state: refused('merchant', values, zodErrors(parsed.error, t, MERCHANT_FIELDS)),
          });
        const done = await orInvalid(() => updateMerchant(ctx(c), id, parsed.data), t, MERCHANT_FIELDS);
        if (!done.ok) return renderMerchant(c, { state: refused('merchant', values, done.errors) });
        return redirectWithFlash(c, `/admin/merchants/${id}`, 'flash.merchantSaved', {
          name: done.value.name,
        });
      })
      .post('/admin/merchants/:id/users', admin, async (c) => {
        const id = merchantIdOf(c);
        await getMerchant(ctx(c), id);
        return invite(
          c,
          { merchantId: id },
          (state) => renderMerchant(c, { state }),
          `/admin/merchants/${id}`,
        );
      })
      .post('/admin/merchants/:id/aliases', admin, async (c) => {
        const t = c.get('t');
        const id = merchantIdOf(c);
        const values = await readForm(c);
        // One alias a line; empty lines are nothing.
        const lines = (typed(values, 'aliases') ?? '')
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean);
        const parsed = parseInput(SetMerchantAliasesInput, { aliases: lines });
        const again = (errors: Record<string, string>) =>
          renderMerchant(c, { state: refused('aliases', values, errors) });
        if (!parsed.success)
          return again(
            zodErrors(parsed.error, t, {
              fieldOf: () => 'aliases',
              words: { aliases: { too_big: 'admin.tooManyAliases' } },
            }),
          );
        try {
          const saved = await setMerchantAliases(ctx(c), id, parsed.data);
          return redirectWithFlash(c, `/admin/merchants/${id}`, 'flash.aliasesSaved', {
            n: saved.aliases.length,
          });
        } catch (err) {
          if (!(err instanceof Invalid)) throw err;
          // Each alias that names another merchant, by what was typed.
          const taken = err.errors
            .map((e) => /^aliases\.(\d+)$/.exec(e.path)?.[1])
            .filter((i): i is string => i !== undefined)
            .map((i) => lines[Number(i)] ?? '');
          return again({
            aliases:
              taken.length > 0 ? t('admin.aliasTaken', { aliases: taken.join('、') }) : t('field.invalid'),
          });
        }
      })
      .post('/admin/merchants/:id/route-complaints', admin, async (c) => {
        const id = merchantIdOf(c);
        const merchant = await getMerchant(ctx(c), id);
        // Sent again: nothing is left to route, and the answer says 0.
        const done = await routeJoinedBusiness(ctx(c), { merchantId: id });
        return redirectWithFlash(c, `/admin/merchants/${id}`, 'flash.complaintsRouted', {
          n: done.routed.length,
          name: merchant.name,
        });
      })
      .post('/admin/merchants/:id/api-clients', admin, async (c) => {
        const t = c.get('t');
        const id = merchantIdOf(c);
        await getMerchant(ctx(c), id);
        const values = await readForm(c);
        const parsed = parseInput(CreateApiClientInput, {
          name: text(values, 'name'),
          actsAs: 'merchant',
          merchantId: id,
        });
        if (!parsed.success)
          return renderMerchant(c, { state: refused('client', values, zodErrors(parsed.error, t)) });
        const created = await createApiClient(ctx(c), parsed.data);
        // The secret is shown on the page the redirect leads to, once: a reload neither shows it
        // again nor makes another client.
        const path = `/admin/merchants/${id}`;
        setCookie(c, SECRET_COOKIE, JSON.stringify(created), {
          path,
          httpOnly: true,
          sameSite: 'Strict',
          maxAge: 120,
          secure: c.get('cookieSecure'),
        });
        return c.redirect(path, 303);
      })
      .get('/admin/merchants/:id/api-clients/:client/revoke', admin, async (c) => {
        const t = c.get('t');
        const id = merchantIdOf(c);
        const clientId = ApiClientId.safeParse(c.req.param('client'));
        const client = clientId.success
          ? (await listApiClients(ctx(c))).find((cl) => cl.id === clientId.data && cl.merchantId === id)
          : undefined;
        if (!client) throw new NotFound('API client');
        return confirmationPage(c, {
          current: '/admin/merchants',
          title: t('settings.confirmRevokeTitle'),
          question: t('settings.confirmRevoke', { name: client.name, id: client.id }),
          action: `/admin/merchants/${id}/api-clients/${client.id}/revoke`,
          submit: t('settings.confirmRevokeSubmit'),
          back: `/admin/merchants/${id}`,
        });
      })
      .post('/admin/merchants/:id/api-clients/:client/revoke', admin, async (c) => {
        const id = merchantIdOf(c);
        const clientId = ApiClientId.safeParse(c.req.param('client'));
        if (!clientId.success) throw new NotFound('API client');
        const client = (await listApiClients(ctx(c))).find((cl) => cl.id === clientId.data);
        // Revoked already (the form sent again): nothing to do, the same answer.
        if (client && client.merchantId !== id) throw new NotFound('API client');
        if (client) await revokeApiClient(ctx(c), client.id);
        return redirectWithFlash(c, `/admin/merchants/${id}`, 'flash.adminClientRevoked');
      })

      // Stations
      .get('/admin/stations', admin, (c) => renderStations(c))
      .post('/admin/stations', admin, async (c) => {
        const t = c.get('t');
        const values = await readForm(c);
        const parsed = parseInput(CreateStationInput, {
          name: text(values, 'name'),
          address: text(values, 'address'),
          host: text(values, 'host'),
          online: checked(values, 'online'),
        });
        if (!parsed.success) return renderStations(c, refused('station', values, zodErrors(parsed.error, t)));
        const station = await createStation(ctx(c), parsed.data);
        return redirectWithFlash(c, `/admin/stations/${station.id}`, 'flash.stationCreated', {
          name: station.name,
        });
      })
      .get('/admin/stations/:id', admin, (c) => renderStation(c))
      .post('/admin/stations/:id', admin, async (c) => {
        const t = c.get('t');
        const id = stationIdOf(c);
        const values = await readForm(c);
        const parsed = parseInput(UpdateStationInput, {
          name: typed(values, 'name'),
          address: typed(values, 'address'),
          host: typed(values, 'host'),
          online: checked(values, 'online'),
        });
        if (!parsed.success) return renderStation(c, refused('station', values, zodErrors(parsed.error, t)));
        const done = await orInvalid(() => updateStation(ctx(c), id, parsed.data), t);
        if (!done.ok) return renderStation(c, refused('station', values, done.errors));
        return redirectWithFlash(c, `/admin/stations/${id}`, 'flash.stationSaved', { name: done.value.name });
      })
      .post('/admin/stations/:id/operators', admin, async (c) => {
        const id = stationIdOf(c);
        await getStation(ctx(c), id);
        return invite(c, { stationId: id }, (state) => renderStation(c, state), `/admin/stations/${id}`);
      })

      // SLA policies
      .get('/admin/policies', admin, async (c) => {
        const t = c.get('t');
        return show(
          c,
          t('admin.policies'),
          <PoliciesPage
            t={t}
            lang={c.get('lang')}
            csrfToken={c.get('csrfToken')}
            policies={await listPolicies(ctx(c))}
          />,
        );
      })
      .get('/admin/policies/new', admin, (c) => renderPolicy(c, undefined))
      .post('/admin/policies', admin, async (c) => {
        const t = c.get('t');
        const values = await readForm(c);
        const read = readPolicy(c, values);
        const code = CodeSchema.safeParse(text(values, 'code'));
        const errors = read.ok ? {} : { ...read.errors };
        if (!code.success)
          errors.code = t(text(values, 'code') === undefined ? 'field.required' : 'admin.codeInvalid');
        else if ((await listPolicies(ctx(c))).some((p) => p.code === code.data))
          errors.code = t('field.duplicatePolicy');
        if (!read.ok || Object.keys(errors).length > 0 || !code.success)
          return renderPolicy(c, undefined, refused('policy', values, errors));
        const saved = await savePolicy(ctx(c), code.data, read.input);
        return redirectWithFlash(c, '/admin/policies', 'flash.policySaved', {
          name: c.get('lang') === 'en' ? saved.policy.name.en : saved.policy.name.zh,
          version: saved.version,
        });
      })
      .get('/admin/policies/:code', admin, (c) => renderPolicy(c, policyCodeOf(c)))
      .post('/admin/policies/:code', admin, async (c) => {
        const code = policyCodeOf(c);
        await getPolicy(ctx(c), code);
        const values = await readForm(c);
        const read = readPolicy(c, values);
        if (!read.ok) return renderPolicy(c, code, refused('policy', values, read.errors));
        const saved = await savePolicy(ctx(c), code, read.input);
        const name = c.get('lang') === 'en' ? saved.policy.name.en : saved.policy.name.zh;
        if (!saved.changed) return redirectWithFlash(c, '/admin/policies', 'flash.policyUnchanged', { name });
        return redirectWithFlash(c, '/admin/policies', 'flash.policySaved', { name, version: saved.version });
      })
  );
}
