import { randomUUID } from 'node:crypto';
import type { Complaint } from '@redress/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';

/**
 * How many complaints' list representations one database keeps: the first pages of a few
 * hundred merchants' inboxes (~2 KB each, so at most ~10 MB).
 */
export const LIST_CACHE_ENTRIES = 5_000;

/**
 * The JSON of a complaint as the list shows it (phone masked), cut where its SLA state goes.
 * A complaint row changes only through an action, and every action raises its `version`
 * (complaints/actions.ts); its settlement never changes once recorded. So id and version name
 * one representation for good, except the SLA object (its state and stage results move with the
 * clock), which is put in at each read. The cut is made at a random marker the data cannot contain.
 */
export interface ListEntry {
  /** The JSON before and after the SLA object (one part when the complaint has no SLA yet). */
  parts: [string] | [string, string];
}

const MARKER = `\u0000sla-state:${randomUUID()}`;
const MARKER_JSON = JSON.stringify(MARKER);

export function listEntry(complaint: Complaint): ListEntry {
  if (complaint.sla === null) return { parts: [JSON.stringify(complaint)] };
  const text = JSON.stringify({ ...complaint, sla: MARKER });
  const at = text.indexOf(MARKER_JSON);
  return { parts: [text.slice(0, at), text.slice(at + MARKER_JSON.length)] };
}

/** The complaint's JSON with its SLA object as of now. */
export function entryJson(entry: ListEntry, sla: Complaint['sla']): string {
  return entry.parts.length === 1
    ? entry.parts[0]
    : `${entry.parts[0]}${JSON.stringify(sla)}${entry.parts[1]}`;
}

/** Least recently used out; one entry per complaint (a newer version replaces the older). */
export class ListCache {
  readonly #entries = new Map<string, { version: number; entry: ListEntry }>();

  get(id: string, version: number): ListEntry | undefined {
    const kept = this.#entries.get(id);
    if (!kept || kept.version !== version) return undefined;
    this.#entries.delete(id);
    this.#entries.set(id, kept);
    return kept.entry;
  }

  set(id: string, version: number, entry: ListEntry): void {
    this.#entries.delete(id);
    if (this.#entries.size >= LIST_CACHE_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(id, { version, entry });
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** One cache per database, so that two databases (tests, tools) never share entries. */
const caches = new WeakMap<Kysely<Database>, ListCache>();

export function listCacheOf(db: Kysely<Database>): ListCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new ListCache();
    caches.set(db, cache);
  }
  return cache;
}
