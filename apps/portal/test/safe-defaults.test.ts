import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { SYSTEM } from '../src/http/principal';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo';
import { createUser } from '../src/users/service';
import { allCounts, countRows, testWorld } from './harness';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the mode', () => {
  it('is production unless told otherwise; development only where the caller says so', () => {
    expect(loadConfig({}).mode).toBe('production');
    expect(loadConfig({}, 'development').mode).toBe('development');
    expect(loadConfig({ REDRESS_MODE: 'development' }).mode).toBe('development');
    expect(loadConfig({ NODE_ENV: 'production' }, 'development').mode).toBe('production');
    expect(loadConfig({ REDRESS_MODE: 'production' }, 'development').mode).toBe('production');
    expect(() => loadConfig({ REDRESS_MODE: 'staging' })).toThrow(/mode/);
  });
});

describe('the demo seed', () => {
  it('writes the whole world on this database, on whole-millisecond clock values', async () => {
    const w = await testWorld();
    const seeded = await seedDemo(w.runtime, { complaints: 40 });
    expect(seeded.complaints).toBe(40);
    expect(await countRows(w, 'merchants')).toBe(2 + 3);
    expect(await countRows(w, 'complaints')).toBe(40);
    // The seeded users sign in with the published password.
    const login = await w.app.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'agent@pujiang.example', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
  });

  it('is all or nothing: a failure near its end leaves the database as it was', async () => {
    const w = await testWorld();
    // The last demo user's address is taken, so the seed fails after everything before it.
    await createUser(
      { ...w.runtime, principal: { ...SYSTEM, role: 'commission_admin' } },
      { email: 'station2@redress.example', password: 'correct horse battery', role: 'commission_staff' },
    );
    const before = await allCounts(w);
    await expect(seedDemo(w.runtime, { complaints: 10 })).rejects.toThrow();
    expect(await allCounts(w)).toEqual(before);
    // And the database is usable afterwards: the portal still answers.
    expect((await w.call(w.actors.staff, 'GET', '/api/v1/complaints')).status).toBe(200);
  });

  it('is refused in production mode, where its passwords would open a real deployment', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redress-prod-'));
    dirs.push(dataDir);
    const w = await testWorld({ config: { mode: 'production', dataDir } });
    const before = await allCounts(w);
    await expect(seedDemo(w.runtime, { complaints: 10 })).rejects.toThrow(/production mode/);
    expect(await allCounts(w)).toEqual(before);
  });
});
