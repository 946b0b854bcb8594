import { Invalid } from '@redress/core';

/** Opaque keyset cursors: base64url of the sort key of the last row seen. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => typeof v === shape[i])) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the one error below
  }
  throw new Invalid('the cursor is not valid', [
    { path: 'cursor', code: 'invalid_format', message: 'use the nextCursor of a previous page' },
  ]);
}

/**
 * A keyset position with a direction: after the row with this sort key and id (a `nextCursor`),
 * or before it (a `prevCursor`, marked `b`). Cursors made before back-paging read as `after`.
 */
export interface KeysetCursor {
  key: number;
  id: string;
  back: boolean;
}

export function encodeKeyset(key: number, id: string, back: boolean): string {
  return encodeCursor(back ? [key, id, 'b'] : [key, id]);
}

export function decodeKeyset(cursor: string): KeysetCursor {
  try {
    const [key, id, mark] = decodeCursor(cursor, ['number', 'string', 'string']);
    if (mark === 'b') return { key: key as number, id: id as string, back: true };
  } catch {
    // not a back cursor: an `after` one, or the one error below
  }
  const [key, id] = decodeCursor(cursor, ['number', 'string']);
  return { key: key as number, id: id as string, back: false };
}

/** Escapes LIKE wildcards so `q` matches literally. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
