import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/http/principal';
import { createMerchant } from '../src/merchants/service';
import { intakeRow, jsonLines } from './import-files';
import { freshPlace, openPlace, type Place } from './process';

const BIN = join(import.meta.dirname, '..', 'bin', 'redress.js');
const places: Place[] = [];
afterEach(async () => {
  for (const place of places.splice(0)) await place.drop();
});

/** `redress import FILE …` as a real process on the place; `killAt` kills it (SIGKILL) once that many rows are read. */
function redressImport(place: Place, args: string[], killAt?: number) {
  const child = spawn(process.execPath, [BIN, 'import', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: place.databaseUrl,
      REDRESS_DATA_DIR: place.dataDir,
      REDRESS_MODE: 'test',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const rows = [...stderr.matchAll(/: (\d+) rows \(/g)].map((m) => Number(m[1]));
    if (killAt !== undefined && rows.some((n) => n >= killAt)) child.kill('SIGKILL');
  });
  return new Promise<{ code: number | string; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code: code ?? signal ?? 'unknown', stdout, stderr })),
  );
}

describe('an import killed half-way', { timeout: 180_000 }, () => {
  it('keeps the batches it committed, and the same file again imports exactly the rest', async () => {
    const place = await freshPlace();
    places.push(place);
    const rt = await openPlace(place);
    const admin = { ...rt, principal: { ...SYSTEM, role: 'commission_admin' as const } };
    const merchant = await createMerchant(admin, {
      name: '甲电器有限公司',
      creditCode: '91310115MA1K000016',
      slaPolicy: 'standard',
    });
    const total = 12_000;
    const file = join(place.dataDir, 'export.jsonl');
    writeFileSync(file, jsonLines(Array.from({ length: total }, (_, i) => intakeRow(i, merchant.id))));
    const count = async (table: 'complaints' | 'events') =>
      Number(
        (
          await rt.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    try {
      const killed = await redressImport(place, [file], 1_000);
      expect(killed.code, killed.stderr).toBe('SIGKILL');
      const kept = await count('complaints');
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(total);
      expect(kept % 500).toBe(0); // whole batches, nothing half-written
      expect(await count('events')).toBe(2 * kept);

      const again = await redressImport(place, [file, '--json']);
      expect(again.code, again.stderr).toBe(0);
      const answer = JSON.parse(again.stdout);
      expect(answer.counts).toEqual({ imported: total - kept, unchanged: kept, changed: 0, rejected: 0 });
      expect(await count('complaints')).toBe(total);
      expect(await count('events')).toBe(2 * total);
    } finally {
      await rt.close();
    }
  });
});
