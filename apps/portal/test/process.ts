import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type ClientRequest, type IncomingHttpHeaders, type RequestOptions, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApiClient } from '../src/api-clients/service';
import { testConfig } from '../src/config';
import { openRuntime, type Runtime } from '../src/deps';
import { SYSTEM } from '../src/http/principal';
import { silentLogger } from '../src/logger';
import { createMerchant } from '../src/merchants/service';
import { PG_URL, TEST_DB } from './harness';

/**
 * Real portal processes for the tests that need one (shutdown, crash, access, rate limits, the
 * CLI): a database of the test project's dialect that outlives a process (a SQLite file, or a
 * PostgreSQL schema), a data folder for the signing keys, and `redress <command>` run through
 * bin/redress.js.
 */
const BIN = join(import.meta.dirname, '..', 'bin', 'redress.js');

export interface Place {
  dataDir: string;
  databaseUrl: string;
  drop(): Promise<void>;
}

export async function freshPlace(): Promise<Place> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-process-'));
  if (TEST_DB === 'sqlite') {
    return {
      dataDir,
      databaseUrl: `sqlite:${join(dataDir, 'redress.db')}`,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const schema = `p_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    dataDir,
    databaseUrl: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The place's database from this process (migrated), to set up a world or look at it afterwards. */
export function openPlace(place: Place): Promise<Runtime> {
  return openRuntime(
    testConfig({ databaseUrl: place.databaseUrl, dataDir: place.dataDir, mode: 'development' }),
    { log: silentLogger, poolSize: 4 },
  );
}

/** A merchant and two API clients (the merchant's, the commission's): secrets to ask the process for tokens. */
export async function clientsIn(place: Place) {
  const rt = await openPlace(place);
  try {
    const admin = { ...rt, principal: { ...SYSTEM, role: 'commission_admin' as const } };
    const merchant = await createMerchant(admin, {
      name: '甲电器有限公司',
      creditCode: '91310115MA1K000016',
      slaPolicy: 'standard',
    });
    const m = await createApiClient(admin, { name: 'm', actsAs: 'merchant', merchantId: merchant.id });
    const s = await createApiClient(admin, { name: 's', actsAs: 'commission' });
    return {
      merchantId: merchant.id,
      merchant: { id: m.id, secret: m.secret! },
      staff: { id: s.id, secret: s.secret! },
    };
  } finally {
    await rt.close();
  }
}

export interface PortalProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** The exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

export interface StartOptions {
  /** The command to run: `serve` (the default) or `start` (development, seeds the demo world). */
  command?: 'serve' | 'start';
  /** Besides the start line, what the output must hold before the process counts as started. */
  until?: string;
}

/**
 * `redress serve` (or `start`) on the place, on a free port; resolves once it says where it
 * runs. The environment is the place's, then `env`; a DATABASE_URL of '' means the default
 * database in the data folder.
 */
export function startPortal(
  place: Pick<Place, 'dataDir' | 'databaseUrl'>,
  env: Record<string, string> = {},
  { command = 'serve', until }: StartOptions = {},
): Promise<PortalProcess> {
  const child = spawn(process.execPath, [BIN, command], {
    env: {
      ...process.env,
      REDRESS_MODE: '',
      NODE_ENV: '',
      PORT: '0',
      DATABASE_URL: place.databaseUrl,
      REDRESS_DATA_DIR: place.dataDir,
      // Load tests drive one API client at hundreds of calls a second: the per-principal limit
      // (3,000 a minute) is raised out of their way; rate-limits.processes.test.ts sets its own.
      REDRESS_API_RATE: '1000000000',
      ...env,
    },
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line:\n${output}`)), 60_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match && (until === undefined || output.includes(until))) {
        clearTimeout(timer);
        resolve({ url: match[1]!.replace('localhost', '127.0.0.1'), child, output: () => output, exited });
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then((code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A request through node:http, for what fetch cannot do: its body is written by `send` (whole,
 * in chunks without a declared length, or half now and the rest later). `closedEarly`: the
 * server may answer and close before it has read everything (EPIPE, ECONNRESET are no error).
 */
export function rawRequest(
  options: RequestOptions,
  send: (req: ClientRequest) => void,
  { closedEarly = false } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!(closedEarly && (err.code === 'EPIPE' || err.code === 'ECONNRESET'))) reject(err);
    });
    send(req);
  });
}

/** An access token from the process itself (it signs with the place's keys). */
export async function tokenFrom(url: string, client: { id: string; secret: string }): Promise<string> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.id,
      client_secret: client.secret,
    }),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** `redress <args>` on the place, to its end: exit code and output. */
export function runRedress(
  place: Place,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | string; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATABASE_URL: place.databaseUrl, REDRESS_DATA_DIR: place.dataDir, ...env },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code: code ?? signal ?? 'unknown', output })),
  );
}
