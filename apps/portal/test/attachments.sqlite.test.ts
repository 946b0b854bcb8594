import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signConsumerLink } from '../src/auth/tokens';
import { housekeep } from '../src/housekeeping/job';
import { erasePersonalData } from '../src/housekeeping/retention';
import * as files from './evidence-files';
import { type Actor, complaintIn, type TestWorld, testWorld } from './harness';

/**
 * The attachments' files in the data folder (SQLite): content-addressed blobs
 * (`attachments/<two hex digits>/<sha256>`) that retention deletes from the disk unless another
 * attachment still names them, and the temporary files of uploads cut off by a crash, which
 * housekeeping sweeps.
 */

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A world whose data folder is a real one, so that the test can look at the files. */
async function worldOnDisk(config: { personalDataRetentionDays?: number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-data-'));
  dirs.push(dataDir);
  const w = await testWorld({ config: { ...config, dataDir } });
  const store = join(dataDir, 'attachments');
  return { w, store, blob: (bytes: Uint8Array) => join(store, sha(bytes).slice(0, 2), sha(bytes)) };
}

async function upload(w: TestWorld, who: Actor | null, path: string, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), name);
  const headers: Record<string, string> = who ? { Authorization: `Bearer ${who.token}` } : {};
  const res = await w.app.request(path, { method: 'POST', headers, body: form });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; sha256: string };
}

const onComplaint = (id: string) => `/api/v1/complaints/${id}/attachments`;

/** Every blob file under the store (not the temporary folder). */
function blobsIn(store: string): string[] {
  return readdirSync(store)
    .filter((d) => d !== 'tmp')
    .flatMap((d) => readdirSync(join(store, d)))
    .sort();
}

/** A complaint whose consumer accepted the proposal: ended, so retention erases it once due. */
async function endedComplaint(w: TestWorld) {
  const c = await complaintIn(w, 'proposed');
  const link = `/api/v1/consumer/${await signConsumerLink(w.runtime.keys, w.clock, c.id, 3_600)}`;
  expect((await w.call(null, 'POST', `${link}/proposal-answer`, { accept: true })).status).toBe(200);
  return { c, link };
}

describe('attachment files on disk (SQLite)', () => {
  it('retention deletes an erased complaint’s file from the data folder, and keeps one another attachment names', async () => {
    const { w, store, blob } = await worldOnDisk({ personalDataRetentionDays: 30 });
    const { c, link } = await endedComplaint(w);
    const own = files.png(8, 8);
    const shared = files.jpeg();
    await upload(w, null, `${link}/attachments`, own, '家里的照片.png');
    await upload(w, w.actors.merchantA, onComplaint(c.id), shared, 'shared.jpg');
    // Another complaint, still open, holds the same bytes (the same sha256: one file for both).
    const open = await w.intake();
    const kept = await upload(w, w.actors.merchantA, onComplaint(open.id), shared, 'shared.jpg');
    expect(existsSync(blob(own))).toBe(true);
    expect(blobsIn(store)).toEqual([sha(own), sha(shared)].sort());

    await w.travel(w.clock.now() + 31 * 86_400_000);
    expect(await erasePersonalData(w.runtime)).toBe(1);
    expect(existsSync(blob(own))).toBe(false);
    expect(blobsIn(store)).toEqual([sha(shared)]);
    const res = await w.app.request(`/api/v1/attachments/${kept.id}`, {
      headers: { Authorization: `Bearer ${w.actors.staff.token}` },
    });
    expect(res.status).toBe(200);
    expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(sha(shared));
    expect(readdirSync(join(store, 'tmp'))).toEqual([]);
  });

  it('an upload of the same bytes between retention’s check and its delete keeps its file', async () => {
    const { w, blob } = await worldOnDisk({ personalDataRetentionDays: 30 });
    const { c } = await endedComplaint(w);
    const photo = files.jpeg();
    await upload(w, w.actors.merchantA, onComplaint(c.id), photo, 'photo.jpg');
    await w.travel(w.clock.now() + 31 * 86_400_000);
    const open = await w.intake();
    // The same bytes come in for the open complaint just as retention is about to delete the
    // file it found unreferenced: the store's delete waits a moment, and the upload runs then.
    const store = w.runtime.attachments;
    const remove = store.remove.bind(store);
    let again: Promise<{ id: string }> | undefined;
    store.remove = async (keys) => {
      again ??= upload(w, w.actors.merchantA, onComplaint(open.id), photo, 'again.jpg');
      await new Promise((resolve) => setTimeout(resolve, 100));
      return remove(keys);
    };
    expect(await erasePersonalData(w.runtime)).toBe(1);
    const { id } = await again!;
    expect(existsSync(blob(photo))).toBe(true);
    const res = await w.app.request(`/api/v1/attachments/${id}`, {
      headers: { Authorization: `Bearer ${w.actors.merchantA.token}` },
    });
    expect(res.status).toBe(200);
    expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(sha(photo));
  });

  it('housekeeping sweeps the temporary files an upload cut off by a crash left, a day old', async () => {
    const { w, store } = await worldOnDisk();
    const tmp = join(store, 'tmp');
    const stale = join(tmp, `${w.clock.now() - 2 * 86_400_000}-0123456789abcdef`);
    const recent = join(tmp, `${w.clock.now() - 3_600_000}-fedcba9876543210`);
    writeFileSync(stale, 'half an upload');
    writeFileSync(recent, 'an upload under way');
    const at = (ms: number) => new Date(ms);
    utimesSync(stale, at(w.clock.now() - 2 * 86_400_000), at(w.clock.now() - 2 * 86_400_000));
    utimesSync(recent, at(w.clock.now() - 3_600_000), at(w.clock.now() - 3_600_000));
    // A finished upload's file is not in tmp/ and stays.
    const c = await w.intake();
    const photo = files.jpeg();
    await upload(w, w.actors.merchantA, onComplaint(c.id), photo, 'photo.jpg');

    await housekeep(w.runtime);
    expect(readdirSync(tmp)).toEqual([recent.slice(tmp.length + 1)]);
    expect(blobsIn(store)).toEqual([sha(photo)]);
  });
});
