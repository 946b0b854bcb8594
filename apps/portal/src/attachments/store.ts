import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';

/** 256 KiB a row of `attachment_chunks`. */
export const CHUNK_BYTES = 256 * 1024;

/** Bytes written but not yet referenced by an attachment row: kept with `commit`, or thrown away. */
export interface PendingBlob {
  readonly sha256: string;
  readonly sizeBytes: number;
  /** Makes the bytes readable under the key it answers (the attachment row stores it). */
  commit(): Promise<string>;
  /** Throws the bytes away (a refused upload). */
  discard(): Promise<void>;
}

/**
 * Where the attachments' bytes live: files in the data folder on SQLite, `attachment_chunks`
 * rows on PostgreSQL (every portal process sharing the database reads them). Both are written
 * and read as streams: an upload is never held in memory whole, nor is a download.
 */
export interface BlobStore {
  readonly kind: 'files' | 'database';
  /** Writes the bytes as they come, hashing them on the way. */
  write(chunks: AsyncIterable<Uint8Array>): Promise<PendingBlob>;
  /** The bytes under `key`, as a stream read a piece at a time. */
  read(key: string): ReadableStream<Uint8Array>;
  /** Removes the bytes of keys that no attachment row names any more. */
  remove(keys: readonly string[]): Promise<void>;
  /**
   * What an upload cut off by a crash left, older than `before`: on PostgreSQL the chunks no
   * attachment row names, in the data folder the temporary files (`tmp/`). Answers how many.
   */
  sweepOrphans(before: number): Promise<number>;
  close(): Promise<void>;
}

const isHash = (key: string) => /^[0-9a-f]{64}$/.test(key);

/**
 * Content-addressed files: `<dir>/<first two hex digits>/<sha256>`. Each upload is written to
 * `<dir>/tmp/` first, flushed to disk, then renamed into place (a rename within one file system
 * is atomic), so a reader never sees half a file and a crash leaves at most a temporary file.
 * The same bytes attached twice are one file.
 */
export class FileBlobStore implements BlobStore {
  readonly kind = 'files';
  readonly #dir: string;
  readonly #ownDir: boolean;

  constructor(dir: string, options: { ownDir?: boolean } = {}) {
    this.#dir = dir;
    this.#ownDir = options.ownDir ?? false;
    mkdirSync(join(dir, 'tmp'), { recursive: true });
  }

  /** A store in a temporary folder of its own, removed on `close` (tests without a data folder). */
  static temporary(): FileBlobStore {
    return new FileBlobStore(mkdtempSync(join(tmpdir(), 'redress-attachments-')), { ownDir: true });
  }

  #path(sha256: string): string {
    return join(this.#dir, sha256.slice(0, 2), sha256);
  }

  async write(chunks: AsyncIterable<Uint8Array>): Promise<PendingBlob> {
    const temp = join(this.#dir, 'tmp', `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const file = await open(temp, 'wx', 0o600);
    try {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        let at = 0;
        while (at < chunk.length) at += (await file.write(chunk, at)).bytesWritten;
      }
      await file.sync();
    } catch (err) {
      await file.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await file.close();
    const sha256 = hash.digest('hex');
    const final = this.#path(sha256);
    return {
      sha256,
      sizeBytes: size,
      commit: async () => {
        await mkdir(join(this.#dir, sha256.slice(0, 2)), { recursive: true });
        const existing = await stat(final).catch(() => null);
        if (existing && existing.size === size) await unlink(temp);
        else await rename(temp, final);
        return sha256;
      },
      discard: () => unlink(temp).catch(() => undefined),
    };
  }

  read(key: string): ReadableStream<Uint8Array> {
    if (!isHash(key)) throw new Error('not a file key');
    return Readable.toWeb(
      createReadStream(this.#path(key), { highWaterMark: 64 * 1024 }),
    ) as ReadableStream<Uint8Array>;
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) if (isHash(key)) await unlink(this.#path(key)).catch(() => undefined);
  }

  /**
   * The temporary files last written before `before`: an upload cut off by a crash (one that
   * ends normally renames or unlinks its own). An upload under way writes its file at least
   * every few seconds, so a file a day old is nobody's. A file gone meanwhile is skipped.
   */
  async sweepOrphans(before: number): Promise<number> {
    const tmp = join(this.#dir, 'tmp');
    let swept = 0;
    for (const name of await readdir(tmp)) {
      const path = join(tmp, name);
      const info = await stat(path).catch(() => null);
      if (!info?.isFile() || info.mtimeMs >= before) continue;
      if (
        await unlink(path).then(
          () => true,
          () => false,
        )
      )
        swept += 1;
    }
    return swept;
  }

  async close(): Promise<void> {
    if (this.#ownDir) rmSync(this.#dir, { recursive: true, force: true });
  }
}

/**
 * The bytes in PostgreSQL, as `attachment_chunks` rows of 256 KiB under a random `blob_…` key:
 * each chunk is inserted as it fills (outside any transaction, so a 10 MB upload holds no
 * transaction open), and read back one row at a time.
 */
export class DatabaseBlobStore implements BlobStore {
  readonly kind = 'database';
  readonly #db: Kysely<Database>;
  readonly #now: () => number;

  constructor(db: Kysely<Database>, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  async write(chunks: AsyncIterable<Uint8Array>): Promise<PendingBlob> {
    const key = `blob_${randomBytes(16).toString('hex')}`;
    const hash = createHash('sha256');
    const createdAt = this.#now();
    let size = 0;
    let n = 0;
    // Each chunk is filled in place (one copy of the bytes), inserted, and let go.
    let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let used = 0;
    const insert = async (data: Buffer) => {
      await this.#db
        .insertInto('attachment_chunks')
        .values({ blob_key: key, n: n++, data, created_at: createdAt })
        .execute();
    };
    const discard = async () => {
      await this.#db.deleteFrom('attachment_chunks').where('blob_key', '=', key).execute();
    };
    try {
      for await (const piece of chunks) {
        hash.update(piece);
        size += piece.length;
        let at = 0;
        while (at < piece.length) {
          const take = Math.min(CHUNK_BYTES - used, piece.length - at);
          chunk.set(piece.subarray(at, at + take), used);
          used += take;
          at += take;
          if (used === CHUNK_BYTES) {
            await insert(chunk);
            chunk = Buffer.allocUnsafe(CHUNK_BYTES);
            used = 0;
          }
        }
      }
      if (used > 0) await insert(chunk.subarray(0, used));
    } catch (err) {
      await discard().catch(() => undefined);
      throw err;
    }
    return { sha256: hash.digest('hex'), sizeBytes: size, commit: async () => key, discard };
  }

  read(key: string): ReadableStream<Uint8Array> {
    let n = 0;
    const db = this.#db;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        const row = await db
          .selectFrom('attachment_chunks')
          .select('data')
          .where('blob_key', '=', key)
          .where('n', '=', n)
          .executeTakeFirst();
        n += 1;
        if (!row) controller.close();
        else controller.enqueue(new Uint8Array(row.data));
      },
    });
  }

  async remove(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#db
      .deleteFrom('attachment_chunks')
      .where('blob_key', 'in', [...keys])
      .execute();
  }

  async sweepOrphans(before: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('attachment_chunks')
      .where('created_at', '<', before)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('attachments')
              .select('id')
              .whereRef('attachments.blob_key', '=', 'attachment_chunks.blob_key'),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async close(): Promise<void> {}
}
