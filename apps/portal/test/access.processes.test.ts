import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../src/api-clients/service';
import { SYSTEM } from '../src/auth/principal';
import { testConfig } from '../src/config';
import { openRuntime } from '../src/deps';
import { silentLogger } from '../src/logger';
import { createMerchant } from '../src/merchants/service';
import { createUser } from '../src/users/service';
import { PG_URL, TEST_DB } from './harness';

/**
 * Revocation across a deployment: two real portal processes (`redress serve`) on one
 * PostgreSQL. What one process takes away, the other refuses within a second.
 */

const BIN = join(import.meta.dirname, '..', 'bin', 'redress.js');
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Starts `redress serve` and waits for the line that says where it runs. */
function serve(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, ...env, PORT: '0', REDRESS_WORKERS: 'false', REDRESS_MODE: 'test' },
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line:\n${output}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at http:\/\/[^:\s]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
}

async function database(): Promise<string> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema ${schema} cascade`);
    await c.end();
  });
  return `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

type Who = { token: string } | { cookie: string };

async function call(base: string, who: Who, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> =
    'token' in who
      ? { Authorization: `Bearer ${who.token}` }
      : { Cookie: who.cookie, Origin: base, 'Sec-Fetch-Site': 'same-origin' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

async function signIn(base: string, email: string, password: string): Promise<{ cookie: string }> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.get('Set-Cookie')?.split(';')[0];
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return { cookie };
}

/** Calls until the answer is 401, returning how long that took after `since`. */
async function msUntilRefused(since: number, attempt: () => Promise<number>): Promise<number> {
  for (;;) {
    const status = await attempt();
    if (status === 401) return performance.now() - since;
    expect(status).toBe(200);
    if (performance.now() - since > 5_000) throw new Error('still accepted after 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.runIf(TEST_DB === 'postgres')('revocation across two portal processes on PostgreSQL', () => {
  it('a revoked client, a disabled user and a changed role are refused by both within a second', {
    timeout: 120_000,
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redress-access-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const databaseUrl = await database();
    // The world, written straight to the database; the signing keys land in the shared data dir.
    const rt = await openRuntime(testConfig({ databaseUrl, dataDir }), { log: silentLogger });
    const admin = { ...rt, principal: { ...SYSTEM, role: 'commission_admin' as const } };
    const merchant = await createMerchant(admin, {
      name: '甲电器有限公司',
      creditCode: '91310115MA1K000001',
      slaPolicy: 'standard',
    });
    const crm = await createApiClient(admin, { name: 'crm', actsAs: 'merchant', merchantId: merchant.id });
    const password = 'correct horse battery';
    const boss = await createUser(admin, { email: 'boss@example.cn', password, role: 'commission_admin' });
    const agent = await createUser(admin, {
      email: 'agent@example.cn',
      password,
      role: 'merchant_agent',
      merchantId: merchant.id,
    });
    const other = await createUser(admin, {
      email: 'other@example.cn',
      password,
      role: 'merchant_agent',
      merchantId: merchant.id,
    });
    await rt.close();

    const env = { DATABASE_URL: databaseUrl, REDRESS_DATA_DIR: dataDir };
    const [a, b] = await Promise.all([serve(env), serve(env)]);
    const tokenRes = await fetch(`${a}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: crm.id,
        client_secret: crm.secret,
      }),
    });
    const token = { token: ((await tokenRes.json()) as { access_token: string }).access_token };
    const bossOnA = await signIn(a, boss.email, password);
    const agentOnB = await signIn(b, agent.email, password);
    const otherOnB = await signIn(b, other.email, password);
    // Both processes accept all of them, and remember the client as live.
    for (const base of [a, b]) {
      expect(await call(base, token, 'GET', '/api/v1/merchant')).toBe(200);
      expect(await call(base, agentOnB, 'GET', '/api/v1/merchant')).toBe(200);
      expect(await call(base, otherOnB, 'GET', '/api/v1/merchant')).toBe(200);
    }

    // The client is revoked on A: A refuses at once, B within a second.
    expect(await call(a, bossOnA, 'DELETE', `/api/v1/api-clients/${crm.id}`)).toBe(204);
    const revokedAt = performance.now();
    expect(await call(a, token, 'GET', '/api/v1/merchant')).toBe(401);
    const clientMs = await msUntilRefused(revokedAt, () => call(b, token, 'GET', '/api/v1/merchant'));
    expect(clientMs).toBeLessThan(1_000);
    expect(await call(b, token, 'POST', '/api/v1/api-clients', { name: 'backdoor' })).toBe(401);

    // A user disabled on A: B refuses their session on the very next request.
    expect(await call(a, bossOnA, 'POST', `/api/v1/users/${agent.id}/disable`)).toBe(200);
    expect(await call(b, agentOnB, 'GET', '/api/v1/merchant')).toBe(401);

    // A role changed on A: likewise.
    expect(await call(a, bossOnA, 'PUT', `/api/v1/users/${other.id}/role`, { role: 'merchant_admin' })).toBe(
      200,
    );
    expect(await call(b, otherOnB, 'GET', '/api/v1/merchant')).toBe(401);
    const promoted = await signIn(b, other.email, password);
    expect(await call(a, promoted, 'GET', '/api/v1/users')).toBe(200);
    process.stdout.write(`revoked client refused by the other process after ${clientMs.toFixed(0)} ms\n`);
  });
});
