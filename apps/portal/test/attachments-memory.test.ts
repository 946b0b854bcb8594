import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MAX_ATTACHMENT_BYTES } from '@redress/core';
import { describe, expect, it } from 'vitest';
import * as files from './evidence-files';
import { afterThisTest } from './harness';
import { clientsIn, freshPlace, startPortal, tokenFrom } from './process';

/** The process's resident set now, in bytes (Linux). */
function rss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

const MiB = 1024 * 1024;

/**
 * A 10 MiB upload through a real `redress serve`, its resident set sampled every few
 * milliseconds while it streams: the file is not held in memory whole, let alone several times.
 * And two processes over one database and data folder: a file attached through one is
 * downloaded through the other (PostgreSQL: the chunks in the database; SQLite: the data folder).
 */
describe('a 10 MiB attachment through real portal processes', () => {
  it('streams in, without holding the file several times, and is read back through another process', async () => {
    const place = await freshPlace();
    afterThisTest(() => place.drop());
    const { merchant, staff, merchantId } = await clientsIn(place);
    const [a, b] = await Promise.all([startPortal(place), startPortal(place)]);
    afterThisTest(async () => {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
    });
    const staffToken = await tokenFrom(a.url, staff);
    const intake = await fetch(`${a.url}/api/v1/complaints`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${staffToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        channel: 'hotline',
        merchantId,
        subject: '空调漏水',
        description: '室内机漏水',
        category: 'appliance_repair',
        tags: [],
        consumer: { name: '张先生', phone: '13812345678' },
      }),
    });
    expect(intake.status).toBe(201);
    const complaint = (await intake.json()) as { id: string };
    const token = await tokenFrom(a.url, merchant);
    // A photo of 10 MiB less a little, its bulk random (incompressible) bytes.
    const size = MAX_ATTACHMENT_BYTES - 1024;
    const header = files.png(2, 2, [1, 2, 3], 1);
    const photo = files.png(2, 2, [1, 2, 3], size - header.length + 1);
    photo.set(randomBytes(size - 200), 100);
    expect(photo.length).toBe(size);
    const fixed = Buffer.concat([photo.subarray(0, photo.length - 12), files.png().subarray(-12)]);
    const pid = a.child.pid!;
    // Settle the process first: one small upload, so the first-use costs are not counted.
    const warm = new FormData();
    warm.append('file', new Blob([files.png() as BlobPart]), 'warm.png');
    await fetch(`${a.url}/api/v1/complaints/${complaint.id}/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: warm,
    });
    /** Sends `bytes` as an upload and samples the process's RSS meanwhile: the growth at its peak. */
    const measured = async (bytes: Uint8Array, name: string) => {
      const before = rss(pid);
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rss(pid));
      }, 2);
      const form = new FormData();
      form.append('file', new Blob([bytes as BlobPart]), name);
      const started = performance.now();
      const res = await fetch(`${a.url}/api/v1/complaints/${complaint.id}/attachments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: form,
      });
      const body = (await res.json()) as { id: string; sha256: string; sizeBytes: number };
      const ms = performance.now() - started;
      clearInterval(sampler);
      peak = Math.max(peak, rss(pid));
      return { res, body, ms, before, peak, grew: peak - before };
    };
    const line = (what: string, m: { ms: number; before: number; peak: number; grew: number }) =>
      `${what} (${process.env.REDRESS_TEST_DB}): ${m.ms.toFixed(0)} ms; RSS ${(m.before / MiB).toFixed(1)} → peak ${(m.peak / MiB).toFixed(1)} MiB (+${(m.grew / MiB).toFixed(1)} MiB, ${(m.grew / size).toFixed(2)}× the file)`;
    // The floor: the same 10 MiB through the socket and busboy, refused after its first 64 KiB
    // (an executable) and drained, stored nowhere.
    const refused = Buffer.from(fixed);
    refused.set(files.executable(), 0);
    const floor = await measured(refused, 'photo.jpg');
    expect(floor.res.status).toBe(422);
    const stored = await measured(fixed, 'big.png');
    expect(stored.res.status, JSON.stringify(stored.body)).toBe(201);
    const body = stored.body;
    expect(body.sizeBytes).toBe(size);
    console.log(`${line('10 MiB refused and drained (floor)', floor)}\n${line('10 MiB stored', stored)}`);
    // What the file passes through (socket chunks, busboy's, the store's writes) is garbage
    // once written, and V8 frees it when it next collects, so the resident set grows by some
    // MiB either way, and when V8 collects varies from run to run (measured, stored over the
    // floor: +13.6 vs +19.7 MiB on SQLite; +12.5 vs +20.0 and +20.7 vs +14.0 on PostgreSQL).
    // A file held whole, or twice, would show on top of the floor; the bound leaves room for
    // the collector's timing, not for a copy more.
    expect(stored.grew).toBeLessThan(floor.grew + 1.5 * size);

    // Through the other process: the same bytes.
    const other = await fetch(`${b.url}/api/v1/attachments/${body.id}`, {
      headers: { Authorization: `Bearer ${await tokenFrom(b.url, merchant)}` },
    });
    expect(other.status).toBe(200);
    const back = new Uint8Array(await other.arrayBuffer());
    expect(createHash('sha256').update(back).digest('hex')).toBe(body.sha256);
  }, 120_000);
});
