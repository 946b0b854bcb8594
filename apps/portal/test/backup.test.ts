import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DB } from './harness';
import { clientsIn, freshPlace, openPlace, runRedress, startPortal, tokenFrom } from './process';

/**
 * `redress backup FILE`: a consistent online copy of the SQLite database, taken by the real
 * command while a real portal process answers writes; restored, the portal finds every write
 * it had acknowledged before the backup began. On PostgreSQL the command refuses, naming pg_dump.
 */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const intake = (merchantId: string, n: number) => ({
  channel: 'hotline',
  merchantId,
  subject: `备份期间的投诉 ${n}`,
  description: '空调安装后漏水，商家拒绝上门维修。',
  category: 'appliance_repair',
  consumer: { name: '张先生', phone: '13812345678' },
  claimFen: 59_900,
});

describe('redress backup', () => {
  if (TEST_DB === 'sqlite') {
    it('copies the database under write load; the restored copy holds every acknowledged write', async () => {
      const place = await freshPlace();
      cleanups.push(() => place.drop());
      const clients = await clientsIn(place);
      const portal = await startPortal(place);
      cleanups.push(() => portal.child.kill('SIGKILL'));
      const token = await tokenFrom(portal.url, clients.staff);

      // Eight writers take complaints in until told to stop; each 201 is an acknowledged write.
      const acknowledged: { id: string; at: number }[] = [];
      let stop = false;
      let n = 0;
      const writer = async () => {
        while (!stop) {
          const res = await fetch(`${portal.url}/api/v1/complaints`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(intake(clients.merchantId, n++)),
          });
          const body = (await res.json()) as { id: string };
          expect(res.status, JSON.stringify(body)).toBe(201);
          acknowledged.push({ id: body.id, at: performance.now() });
        }
      };
      const writers = Array.from({ length: 8 }, writer);
      while (acknowledged.length < 100) await new Promise((r) => setTimeout(r, 20));

      const file = join(place.dataDir, 'backup.db');
      const began = performance.now();
      const backup = await runRedress(place, ['backup', file]);
      stop = true;
      await Promise.all(writers);
      expect(backup.code, backup.output).toBe(0);
      expect(backup.output).toMatch(/^Backed up .*redress\.db to .*backup\.db \(\d+ pages, \d+ bytes\)\.\n$/);
      const before = acknowledged.filter((a) => a.at < began).map((a) => a.id);
      const during = acknowledged.filter((a) => a.at >= began).length;
      expect(during, 'writes went on while the backup ran').toBeGreaterThan(0);
      // Nothing is left beside the copy; an existing file is never overwritten.
      expect(readdirSync(place.dataDir).filter((f) => f.includes('backup'))).toEqual(['backup.db']);
      const again = await runRedress(place, ['backup', file]);
      expect(again.code).toBe(1);
      expect(again.output).toContain('exists');

      // Restore as docs/operations.md says: stop the portal, put the copy in place of the
      // database (its -wal and -shm removed), start it again.
      portal.child.kill('SIGTERM');
      expect(await portal.exited).toBe(0);
      const db = place.databaseUrl.slice('sqlite:'.length);
      for (const f of [`${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
      copyFileSync(file, db);
      expect(existsSync(`${db}-wal`)).toBe(false);
      const restored = await startPortal(place);
      cleanups.push(() => restored.child.kill('SIGKILL'));
      const token2 = await tokenFrom(restored.url, clients.staff);
      const statuses = await Promise.all(
        before.map(async (id) => {
          const res = await fetch(`${restored.url}/api/v1/complaints/${id}`, {
            headers: { Authorization: `Bearer ${token2}` },
          });
          await res.arrayBuffer();
          return res.status;
        }),
      );
      expect(before.length).toBeGreaterThanOrEqual(100);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      // A consistent copy, as of one commit: every complaint in it has the event written with it.
      const rt = await openPlace(place);
      try {
        const complaints = await rt.db.selectFrom('complaints').select('id').execute();
        const received = await rt.db
          .selectFrom('events')
          .select('complaint_id')
          .where('type', '=', 'complaint.received')
          .execute();
        expect(new Set(received.map((e) => e.complaint_id))).toEqual(new Set(complaints.map((c) => c.id)));
        expect(complaints.length).toBeLessThanOrEqual(acknowledged.length);
      } finally {
        await rt.close();
      }
    }, 180_000); // three real processes (portal, the backup command, the restored portal): slow on a loaded machine
  } else {
    it('refuses on PostgreSQL, pointing to pg_dump, and writes nothing', async () => {
      const place = await freshPlace();
      cleanups.push(() => place.drop());
      const file = join(place.dataDir, 'backup.db');
      const res = await runRedress(place, ['backup', file]);
      expect(res.code).toBe(1);
      expect(res.output).toContain('pg_dump');
      expect(existsSync(file)).toBe(false);
    });
  }
});
