import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

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

/** Starts `redress start` and waits for the line that says where it runs. */
function start(dir: string): Promise<{ url: string; output: () => string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, REDRESS_DATA_DIR: dir, PORT: '0', DATABASE_URL: '' },
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line:\n${output}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match && output.includes('shown once')) {
        clearTimeout(timer);
        resolve({ url: match[1]!, output: () => output, child });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
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
        '91310115MA1K000009',
        '--policy',
        'fast',
        '--json',
      ),
    );
    expect(merchant).toMatchObject({
      name: '丙商贸有限公司',
      creditCode: '91310115MA1K000009',
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
      redress(dir, 'merchant', 'create', '--name', 'dup', '--credit-code', '91310115MA1K000009'),
    ).rejects.toThrow(/registered/);
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
