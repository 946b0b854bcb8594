import { createHash } from 'node:crypto';
import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, Redress, ValidationError } from '@redress/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as files from '../../../apps/portal/test/evidence-files';
import { type Portal, startPortal } from './portal';

let portal: Portal;
let merchant: Redress;
let other: Redress;
const dir = mkdtempSync(join(tmpdir(), 'redress-sdk-attachments-'));

beforeAll(async () => {
  portal = await startPortal();
  merchant = new Redress({ baseUrl: portal.url, ...portal.clients.merchantA });
  other = new Redress({ baseUrl: portal.url, ...portal.clients.merchantB });
});
afterAll(async () => {
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A Node Buffer as a Blob's part. */
const part = (b: Uint8Array) => b as BlobPart;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('attachments', () => {
  it('uploads a Blob, a File and a file from disk, lists them and downloads the bytes as a stream', async () => {
    const c = await portal.intake();
    const fromBlob = await merchant.attachments.upload(c.id, new Blob([part(files.jpeg())]), {
      fileName: '发票.jpg',
      note: '购买发票',
    });
    expect(fromBlob).toMatchObject({ fileName: '发票.jpg', contentType: 'image/jpeg', note: '购买发票' });
    const fromFile = await merchant.attachments.upload(c.id, new File([part(files.png())], 'scan.png'));
    expect(fromFile).toMatchObject({ fileName: 'scan.png', contentType: 'image/png' });
    const path = join(dir, '维修单.pdf');
    writeFileSync(path, files.pdf());
    const fromDisk = await merchant.attachments.upload(c.id, await openAsBlob(path), {
      fileName: '维修单.pdf',
    });
    expect(fromDisk).toMatchObject({ contentType: 'application/pdf', sha256: sha(files.pdf()) });

    const { data } = await merchant.attachments.list(c.id);
    expect(data.map((a) => a.id)).toEqual([fromBlob.id, fromFile.id, fromDisk.id]);
    const response = await merchant.attachments.download(fromDisk.id);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.bodyUsed).toBe(false);
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    expect(sha(Buffer.concat(chunks))).toBe(fromDisk.sha256);
  });

  it('throws typed errors: a disguised file, another merchant’s complaint or file', async () => {
    const c = await portal.intake();
    const refused = await merchant.attachments
      .upload(c.id, new File([part(files.executable())], 'photo.jpg', { type: 'image/jpeg' }))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors[0]).toMatchObject({ path: 'file', code: 'unsupported_type' });
    const mine = await merchant.attachments.upload(c.id, new Blob([part(files.webp())]));
    await expect(other.attachments.upload(c.id, new Blob([part(files.png())]))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(other.attachments.download(mine.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(other.attachments.list(c.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
