import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { signIn } from '../src/auth/service';
import { testConfig } from '../src/config';
import { openRuntime } from '../src/deps';
import { SYSTEM } from '../src/http/principal';
import { silentLogger } from '../src/logger';
import { createMerchant } from '../src/merchants/service';
import { createUser } from '../src/users/service';
import { type PortalProcess, startPortal } from './process';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'redress.js');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'redress-cli-'));
  dirs.push(dir);
  return dir;
}

async function redress(dir: string, ...args: string[]) {
  const { stdout } = await run(process.execPath, [BIN, ...args], {
    env: { ...process.env, REDRESS_DATA_DIR: dir, DATABASE_URL: '', REDRESS_MODE: 'test' },
  });
  return stdout;
}

/** Starts `redress start` on the data folder's own SQLite; started once it has shown the demo secrets. */
async function start(dir: string): Promise<PortalProcess> {
  const portal = await startPortal(
    { dataDir: dir, databaseUrl: '' },
    {},
    { command: 'start', until: 'shown once' },
  );
  children.push(portal.child);
  return portal;
}

// Each command is a real process (tsx compiles on start): slow on a busy machine.
describe('the redress CLI', { timeout: 120_000 }, () => {
  it('creates a merchant, a station, users and API clients for scripting, with --json', async () => {
    const dir = dataDir();
    const merchant = JSON.parse(
      await redress(
        dir,
        'merchant',
        'create',
        '--name',
        '丙商贸有限公司',
        '--credit-code',
        '91310115MA1K00009Y',
        '--policy',
        'fast',
        '--json',
      ),
    );
    expect(merchant).toMatchObject({
      name: '丙商贸有限公司',
      creditCode: '91310115MA1K00009Y',
      slaPolicy: 'fast',
    });
    expect(merchant.id).toMatch(/^mer_/);
    const station = JSON.parse(await redress(dir, 'station', 'create', '--name', '测试联络站', '--json'));
    expect(station.id).toMatch(/^sta_/);
    const user = JSON.parse(
      await redress(
        dir,
        'user',
        'create',
        '--email',
        'op@example.cn',
        '--password',
        'long enough pw',
        '--role',
        'station_operator',
        '--station',
        station.id,
        '--json',
      ),
    );
    expect(user).toMatchObject({ role: 'station_operator', stationId: station.id });
    const client = JSON.parse(await redress(dir, 'client', 'create', '--merchant', merchant.id, '--json'));
    expect(client.clientId).toMatch(/^cli_/);
    expect(client.clientSecret).toMatch(/^rsk_/);
    await expect(
      redress(
        dir,
        'user',
        'create',
        '--email',
        'x@example.cn',
        '--password',
        'long enough pw',
        '--role',
        'pilot',
      ),
    ).rejects.toThrow(/--role must be one of/);
    await expect(
      redress(dir, 'merchant', 'create', '--name', 'dup', '--credit-code', '91310115MA1K00009Y'),
    ).rejects.toThrow(/registered/);
  });

  it('disables, enables, re-roles and resets users by email; the user’s session ends; the last admin stays', async () => {
    const dir = dataDir();
    const config = testConfig({ databaseUrl: `sqlite:${join(dir, 'redress.db')}`, dataDir: dir });
    // The world and a signed-in agent, written in-process; the commands under test are real processes.
    let rt = await openRuntime(config, { log: silentLogger });
    const admin = { ...rt, principal: { ...SYSTEM, role: 'commission_admin' as const } };
    const m = await createMerchant(admin, {
      name: '甲',
      creditCode: '91310115MA1K000016',
      slaPolicy: 'standard',
    });
    const password = 'long enough pw';
    await createUser(admin, { email: 'boss@example.cn', password, role: 'merchant_admin', merchantId: m.id });
    await createUser(admin, {
      email: 'agent@example.cn',
      password,
      role: 'merchant_agent',
      merchantId: m.id,
    });
    const { cookie } = await signIn(rt, 'agent@example.cn', password);
    const session = `redress_session=${cookie}`;
    expect((await createApp(rt).request('/api/v1/merchant', { headers: { Cookie: session } })).status).toBe(
      200,
    );
    await rt.close();

    // The merchant's only admin cannot be disabled: a message and a non-zero exit, nothing written.
    await expect(redress(dir, 'user', 'disable', '--email', 'boss@example.cn')).rejects.toThrow(
      /last active merchant admin/,
    );
    // The API's rules for the input: too short a password is refused beside its field.
    await expect(
      redress(dir, 'user', 'reset-password', '--email', 'agent@example.cn', '--password', 'short'),
    ).rejects.toThrow(/"path":"password"/);
    const off = JSON.parse(await redress(dir, 'user', 'disable', '--email', 'AGENT@example.cn', '--json'));
    expect(off).toMatchObject({ email: 'agent@example.cn', disabledAt: expect.any(String) });
    expect(await redress(dir, 'user', 'enable', '--id', off.id)).toContain('(merchant_agent, active)');
    const up = JSON.parse(
      await redress(
        dir,
        'user',
        'set-role',
        '--email',
        'agent@example.cn',
        '--role',
        'merchant_admin',
        '--json',
      ),
    );
    expect(up).toMatchObject({ role: 'merchant_admin', merchantId: m.id, disabledAt: null });
    await redress(
      dir,
      'user',
      'reset-password',
      '--email',
      'agent@example.cn',
      '--password',
      'a brand new secret',
    );

    rt = await openRuntime(config, { log: silentLogger });
    try {
      expect((await createApp(rt).request('/api/v1/merchant', { headers: { Cookie: session } })).status).toBe(
        401,
      );
      await expect(signIn(rt, 'agent@example.cn', password)).rejects.toThrow();
      expect((await signIn(rt, 'agent@example.cn', 'a brand new secret')).user.role).toBe('merchant_admin');
      const boss = await rt.db
        .selectFrom('users')
        .select('disabled_at')
        .where('email', '=', 'boss@example.cn')
        .executeTakeFirstOrThrow();
      expect(boss.disabled_at).toBeNull();
    } finally {
      await rt.close();
    }
  });

  it('imports a year from a holiday-cn file and shows it; refuses a bad file without saving', async () => {
    const dir = dataDir();
    const file = join(dir, '2027.json');
    const days = [
      { name: '元旦', date: '2027-01-01', isOffDay: true },
      { name: '春节', date: '2027-02-05', isOffDay: true },
      { name: '春节', date: '2027-02-20', isOffDay: false },
    ];
    writeFileSync(file, JSON.stringify({ year: 2027, papers: [], days }));
    const before = JSON.parse(await redress(dir, 'calendar', 'show', '2027', '--json'));
    expect(before).toMatchObject({ year: 2027, source: 'provisional', workdays: [] });
    expect(before.daysOff).toContain('2027-02-08');
    expect(await redress(dir, 'calendar', 'import', file)).toContain(
      'Loaded 2027: 2 days off, 1 adjusted working days',
    );
    const after = JSON.parse(await redress(dir, 'calendar', 'show', '2027', '--json'));
    expect(after).toEqual({
      year: 2027,
      daysOff: ['2027-01-01', '2027-02-05'],
      workdays: ['2027-02-20'],
      source: 'json',
    });
    expect(await redress(dir, 'calendar', 'show', '2026')).toContain('2026: State Council notice (shipped)');
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ year: 2027, days: [{ name: '元旦', date: '2027-02-30', isOffDay: true }] }),
    );
    await expect(redress(dir, 'calendar', 'import', bad)).rejects.toThrow(/days\.0\.date/);
    expect(JSON.parse(await redress(dir, 'calendar', 'show', '2027', '--json')).daysOff).toEqual([
      '2027-01-01',
      '2027-02-05',
    ]);
  });

  it('refuses to seed the demo world unless told it is not production', async () => {
    const dir = dataDir();
    const env = { ...process.env, REDRESS_DATA_DIR: dir, DATABASE_URL: '', REDRESS_MODE: '', NODE_ENV: '' };
    await expect(run(process.execPath, [BIN, 'seed', '--complaints', '5'], { env })).rejects.toThrow(
      /not seeded in production mode/,
    );
    const { stdout } = await run(process.execPath, [BIN, 'seed', '--complaints', '5'], {
      env: { ...env, REDRESS_MODE: 'development' },
    });
    expect(stdout).toContain('Seeded 5 complaints');
  });

  it('starts on an empty SQLite database with demo data one can sign in to and call the API with', async () => {
    const dir = dataDir();
    const { url, output, child } = await start(dir);
    expect(output()).toContain('admin@pujiang.example');
    expect(output()).toContain('redress-demo');
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const login = await fetch(`${url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'agent@pujiang.example', password: 'redress-demo' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const inbox = await fetch(`${url}/api/v1/complaints?limit=100`, { headers: { Cookie: cookie } });
    const page = (await inbox.json()) as { data: { merchantId: string }[] };
    expect(page.data.length).toBeGreaterThan(20);
    expect(new Set(page.data.map((c) => c.merchantId)).size).toBe(1);
    const [, id, secret] = /id (cli_\S+)\s+secret (rsk_\S+)/.exec(output())!;
    const token = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id!, client_secret: secret! }),
    });
    expect(token.status).toBe(200);

    // SIGTERM stops it cleanly: exit code 0, the WAL copied back and removed on close.
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'redress.db'))).toBe(true);
    expect(existsSync(join(dir, 'redress.db-wal'))).toBe(false);
  });
});
