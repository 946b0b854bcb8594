import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  CreateUserInput,
  EvaluateAlertsInput,
  fieldErrors,
  holidayLawOf,
  Invalid,
  parseInput,
  ResetPasswordInput,
  ROLES,
  type Role,
  readHolidayCn,
  SetUserRoleInput,
} from '@redress/core';
import type { z } from 'zod';
import { evaluateAlerts } from './alerts';
import { createApiClient } from './api-clients';
import { rotateKeys } from './auth';
import { type Config, loadConfig } from './config';
import { withPrincipal } from './context';
import { BackupRefused, backupSqlite } from './db/backup';
import { migrateToLatest } from './db/migrate';
import { openRuntime, type Runtime } from './deps';
import { SYSTEM } from './http/principal';
import { importCommand } from './imports';
import { JOBS } from './job-registry';
import { startJobs } from './jobs/runner';
import { createMerchant } from './merchants';
import { startMetricsServer } from './metrics';
import { DEMO_PASSWORD, isEmpty, seedDemo } from './seed';
import { startServer } from './server';
import { createStation } from './stations';
import { createUser, disableUser, enableUser, resetPassword, setUserRole, userIdByEmail } from './users';

const USAGE = `redress — the Redress portal

Usage: redress <command> [options]

  start                      migrate, seed an empty database with the demo world, serve (development mode)
  serve                      serve the portal (runs the background jobs unless REDRESS_WORKERS=false)
  worker                     run the background jobs alone (SLA sweeper, webhook delivery)
  migrate                    run pending database migrations
  seed [--complaints N]      add the demo world (commission, merchants, stations, users, complaints);
                             refused in production mode: set REDRESS_MODE=development
  merchant create --name NAME --credit-code CODE [--policy standard|fast]
  station create --name NAME [--address A] [--host H]
  user create --email E --password P --role ROLE [--merchant ID] [--station ID] [--name N]
  user disable (--email E | --id ID)         the user cannot sign in; their sessions end at once
  user enable (--email E | --id ID)          the user may sign in again
  user set-role (--email E | --id ID) --role ROLE [--merchant ID] [--station ID]
                                             another role (ends their sessions)
  user reset-password (--email E | --id ID) --password P
                                             a new password (ends their sessions)
  client create (--merchant ID | --station ID | --commission) [--name N]
  keys rotate                add a new signing key (older keys still verify)
  import FILE [--dry-run] [--profile cfpb]
                             bulk intake of complaints from a .jsonl, .csv or .xlsx file (docs/import.md);
                             a progress bar on a terminal; exit 3 when rows were rejected or changed
  calendar import FILE       load a year's working-day calendar from a holiday-cn JSON file;
                             recomputes the deadlines of open complaints that reach that year
  calendar show YEAR         the days off and adjusted working days of a year, and where they come from
  alerts evaluate [--date YYYY-MM-DD]
                             check the early warning for a day (yesterday by default) and, on a Sunday,
                             its week; idempotent for a date (docs/early-warning.md)
  backup FILE                a consistent copy of the SQLite database into FILE while the portal runs
                             (restore: docs/operations.md; on PostgreSQL use pg_dump)

Every create command takes --json for scripting.
Configuration (environment): PORT (8787), REDRESS_DATA_DIR (./data), DATABASE_URL
(sqlite:<data dir>/redress.db or postgres://…), REDRESS_PUBLIC_URL, REDRESS_WORKERS, and
REDRESS_MODE (production for every command but start, which is development).`;

const ADMIN = { ...SYSTEM, role: 'commission_admin' as const };

function out(json: boolean, value: Record<string, unknown>, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human}\n`);
}

async function withRuntime<T>(config: Config, run: (rt: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(config);
  try {
    return await run(runtime);
  } finally {
    await runtime.close();
  }
}

function printWelcome(url: string, seeded: Awaited<ReturnType<typeof seedDemo>> | null): void {
  const lines = [`Redress is running at ${url}`, ''];
  if (seeded) {
    lines.push(
      `Demo world seeded: ${seeded.merchants.length} merchants, ${seeded.stations.length} stations, ${seeded.complaints} complaints.`,
    );
    lines.push(`Sign in at ${url}/login with any of these (password: ${DEMO_PASSWORD}):`);
    for (const l of seeded.logins) lines.push(`  ${l.email.padEnd(28)} ${l.role.padEnd(18)} ${l.who}`);
    lines.push(
      '',
      `API client for ${seeded.merchants[0]!.name}: id ${seeded.client.id}`,
      `  secret ${seeded.client.secret} (shown once)`,
    );
  } else {
    lines.push(`Sign in at ${url}/login (demo users: see the README; password ${DEMO_PASSWORD}).`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function serveUntilSignal(
  runtime: Runtime,
  seeded: Awaited<ReturnType<typeof seedDemo>> | null,
): Promise<void> {
  const server = await startServer(runtime);
  printWelcome(server.url.replace('0.0.0.0', 'localhost'), seeded);
  const signal = await untilSignal();
  runtime.log.info('shutting down: finishing the requests and job steps in flight', { signal });
  await server.close();
  await runtime.close();
  runtime.log.info('stopped');
}

/** The first SIGTERM or SIGINT; a second one ends the process at once (Node's default). */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      name: { type: 'string' },
      'credit-code': { type: 'string' },
      policy: { type: 'string' },
      address: { type: 'string' },
      host: { type: 'string' },
      email: { type: 'string' },
      id: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      merchant: { type: 'string' },
      station: { type: 'string' },
      commission: { type: 'boolean', default: false },
      complaints: { type: 'string' },
      date: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      profile: { type: 'string' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 1;
  }
  // `start` is the newcomer's demo (development); every other command, above all `serve` and
  // `worker`, is production unless REDRESS_MODE says otherwise.
  const config = loadConfig(env, command === 'start' ? 'development' : 'production');
  const json = values.json ?? false;
  const need = (name: keyof typeof values): string => {
    const v = values[name];
    if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
    return v;
  };

  if (command === 'backup') {
    if (!sub || positionals.length > 2)
      throw new UsageError('backup needs one FILE, e.g. redress backup backup.db');
    try {
      const done = await backupSqlite(config.databaseUrl, sub);
      out(
        json,
        { ...done },
        `Backed up ${done.source} to ${done.file} (${done.pages} pages, ${done.bytes} bytes).`,
      );
      return 0;
    } catch (err) {
      if (!(err instanceof BackupRefused)) throw err;
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
  }
  if (command === 'import') {
    if (!sub || positionals.length > 2)
      throw new UsageError('import needs one FILE, e.g. redress import export.csv');
    const file = sub;
    return withRuntime(config, (rt) =>
      importCommand(
        { ...rt, principal: ADMIN },
        { file, dryRun: values['dry-run'] ?? false, profile: values.profile, json },
      ),
    );
  }
  switch (`${command}${sub ? ` ${sub}` : ''}`) {
    case 'start': {
      const runtime = await openRuntime(config, { backgroundCheckpoints: true });
      const seeded = (await isEmpty(runtime)) ? await seedDemo(runtime) : null;
      await serveUntilSignal(runtime, seeded);
      return 0;
    }
    case 'serve':
      await serveUntilSignal(await openRuntime(config, { backgroundCheckpoints: true }), null);
      return 0;
    case 'worker': {
      const runtime = await openRuntime(config, { backgroundCheckpoints: true });
      const jobs = startJobs(runtime, JOBS);
      const metrics =
        config.metricsPort === undefined
          ? null
          : await startMetricsServer(runtime, { port: config.metricsPort, hostname: config.metricsHost });
      runtime.log.info('worker started', { jobs: JOBS.map((j) => j.name), metrics: metrics?.url ?? null });
      const signal = await untilSignal();
      runtime.log.info('shutting down: finishing the job steps in flight', { signal });
      await metrics?.close();
      await jobs.stop();
      await runtime.close();
      runtime.log.info('stopped');
      return 0;
    }
    case 'migrate': {
      const runtime = await openRuntime(config, { migrate: false });
      try {
        const results = await migrateToLatest(runtime.db);
        out(
          json,
          { migrations: results.map((r) => r.migrationName) },
          results.length ? `Ran ${results.map((r) => r.migrationName).join(', ')}` : 'Nothing to migrate.',
        );
      } finally {
        await runtime.close();
      }
      return 0;
    }
    case 'seed':
      return withRuntime(config, async (rt) => {
        const count = values.complaints ? Number(values.complaints) : 300;
        if (!Number.isInteger(count) || count < 0)
          throw new UsageError('--complaints must be a whole number');
        const seeded = await seedDemo(rt, { complaints: count });
        out(
          json,
          {
            merchants: seeded.merchants.length,
            stations: seeded.stations.length,
            complaints: seeded.complaints,
            logins: seeded.logins,
          },
          `Seeded ${seeded.complaints} complaints; demo password ${DEMO_PASSWORD}.`,
        );
        return 0;
      });
    case 'merchant create':
      return withRuntime(config, async (rt) => {
        const m = await createMerchant(
          { ...rt, principal: ADMIN },
          { name: need('name'), creditCode: need('credit-code'), slaPolicy: values.policy ?? 'standard' },
        );
        out(json, m, `Created merchant ${m.id} ${m.name}`);
        return 0;
      });
    case 'station create':
      return withRuntime(config, async (rt) => {
        const name = need('name');
        const s = await createStation(
          { ...rt, principal: ADMIN },
          { name, address: values.address ?? name, host: values.host ?? name, online: true },
        );
        out(json, s, `Created station ${s.id} ${s.name}`);
        return 0;
      });
    case 'user create':
      return withRuntime(config, async (rt) => {
        const role = need('role') as Role;
        if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        const u = await createUser(
          { ...rt, principal: ADMIN },
          valid(CreateUserInput, {
            email: need('email'),
            password: need('password'),
            role,
            name: values.name,
            merchantId: values.merchant,
            stationId: values.station,
          }),
        );
        out(json, u, `Created user ${u.id} ${u.email} (${u.role})`);
        return 0;
      });
    case 'user disable':
    case 'user enable':
    case 'user set-role':
    case 'user reset-password':
      return withRuntime(config, async (rt) => {
        const ctx = { ...rt, principal: ADMIN };
        const id = values.id ?? (values.email ? await userIdByEmail(rt, values.email) : undefined);
        if (!id) throw new UsageError('say which user: --email E or --id ID');
        let u: Awaited<ReturnType<typeof disableUser>>;
        if (sub === 'disable') u = await disableUser(ctx, id);
        else if (sub === 'enable') u = await enableUser(ctx, id);
        else if (sub === 'set-role') {
          const role = need('role') as Role;
          if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
          const input = { role, merchantId: values.merchant, stationId: values.station };
          u = await setUserRole(ctx, id, valid(SetUserRoleInput, input));
        } else {
          u = await resetPassword(ctx, id, valid(ResetPasswordInput, { password: need('password') }));
        }
        const state = u.disabledAt ? 'disabled' : 'active';
        out(json, u, `User ${u.id} ${u.email} (${u.role}, ${state})`);
        return 0;
      });
    case 'client create':
      return withRuntime(config, async (rt) => {
        const actsAs = values.merchant
          ? 'merchant'
          : values.station
            ? 'station'
            : values.commission
              ? 'commission'
              : null;
        if (!actsAs)
          throw new UsageError('say whom the client acts as: --merchant ID, --station ID or --commission');
        const c = await createApiClient(
          { ...rt, principal: ADMIN },
          {
            name: values.name ?? `${actsAs} client`,
            actsAs,
            merchantId: values.merchant,
            stationId: values.station,
          },
        );
        out(
          json,
          {
            clientId: c.id,
            clientSecret: c.secret,
            actsAs: c.actsAs,
            merchantId: c.merchantId,
            stationId: c.stationId,
          },
          `client_id     ${c.id}\nclient_secret ${c.secret}\n(the secret is shown once)`,
        );
        return 0;
      });
    case 'keys rotate': {
      const kid = await rotateKeys(config.dataDir);
      out(
        json,
        { kid },
        `Added signing key ${kid}; restart the portal to sign with it. Older keys still verify.`,
      );
      return 0;
    }
    case 'calendar import': {
      const file = positionals[2];
      if (!file) throw new UsageError('calendar import needs a FILE (holiday-cn JSON)');
      let input: unknown;
      try {
        input = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        throw new UsageError(
          `${file} is not a JSON file: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      const read = readHolidayCn(input);
      if (read.problems.length > 0) {
        const lines = read.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n');
        process.stderr.write(`redress: ${file} was not loaded:\n${lines}\n`);
        return 1;
      }
      return withRuntime(config, async (rt) => {
        const { calendar } = read;
        const recomputed = await rt.calendars.put(calendar, rt.clock.now(), { source: 'json' });
        out(
          json,
          { ...calendar, recomputed, notes: read.notes },
          [
            `Loaded ${calendar.year}: ${calendar.daysOff.length} days off, ${calendar.workdays.length} adjusted working days.`,
            ...read.notes.map((n) => `  note: ${n}`),
            `Recomputed the deadlines of ${recomputed} open complaint(s).`,
          ].join('\n'),
        );
        return 0;
      });
    }
    case 'calendar show': {
      const year = Number(positionals[2]);
      if (!Number.isInteger(year)) throw new UsageError('calendar show needs a YEAR, e.g. 2027');
      return withRuntime(config, async (rt) => {
        const [shown] = await rt.calendars.show([year], rt.clock.now());
        const { source, loadedBy: _by, loadedAt: _at, ...data } = shown!;
        const what =
          source === 'provisional'
            ? `provisional: no State Council notice loaded; statutory holidays of ${holidayLawOf(year)} only`
            : source === 'none'
              ? 'no data: Monday to Friday'
              : `State Council notice (${source})`;
        out(
          json,
          { ...data, source },
          [
            `${year}: ${what}`,
            `days off (${data.daysOff.length}): ${data.daysOff.join(' ')}`,
            `adjusted working days (${data.workdays.length}): ${data.workdays.join(' ') || '—'}`,
          ].join('\n'),
        );
        return 0;
      });
    }
    case 'alerts evaluate': {
      const input = valid(EvaluateAlertsInput, values.date === undefined ? {} : { date: values.date });
      return withRuntime(config, async (rt) => {
        const done = await evaluateAlerts(withPrincipal(rt, SYSTEM), input.date);
        const lines = done.raised.map(
          (a) =>
            `  ${a.method} ${a.granularity} ${a.series.dimension} ${a.series.label}: ${a.observed} > ${a.threshold} (${a.id})`,
        );
        out(
          json,
          { ...done },
          [
            done.evaluated
              ? `Evaluated ${done.date}: ${done.series.day} daily series${done.series.week === null ? '' : `, ${done.series.week} weekly`}; ${done.raised.length} alert(s) raised.`
              : `${done.date} was evaluated at ${done.evaluatedAt}: ${done.raised.length} alert(s); not evaluated again.`,
            ...lines,
          ].join('\n'),
        );
        return 0;
      });
    }
    default:
      throw new UsageError(`unknown command: ${positionals.join(' ')}`);
  }
}

export class UsageError extends Error {}

/** The input as the API accepts it (the same schema), or the API's refusal: each field's message. */
function valid<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = parseInput(schema, input);
  if (!parsed.success) throw new Invalid('the input is not valid', fieldErrors(parsed.error));
  return parsed.data;
}

const isEntry =
  process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry || process.env.REDRESS_CLI === '1') {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      if (!['start', 'serve', 'worker'].includes(process.argv[2] ?? '')) process.exit(code);
    },
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      const details =
        err && typeof err === 'object' && 'errors' in err
          ? `\n${JSON.stringify((err as { errors: unknown }).errors)}`
          : '';
      process.stderr.write(`redress: ${message}${details}\n`);
      if (err instanceof UsageError) process.stderr.write('Run redress --help for usage.\n');
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
