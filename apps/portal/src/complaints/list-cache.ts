import { randomUUID } from 'node:crypto';
import type { Complaint } from '@redress/core';
import type { SlaMoving } from '../sla';

/**
 * How many complaints' list representations one app keeps: the first pages of a few
 * hundred merchants' inboxes (~2 KB each, so at most ~10 MB).
 */
export const LIST_CACHE_ENTRIES = 5_000;

/**
 * The JSON of a complaint as the list shows it (phone masked), cut where the parts of its SLA
 * object that move with the clock go: its `state` and each stage's `result`. A complaint row
 * changes only through an action, and every action raises its `version`
 * (complaints/actions.ts); its settlement never changes once recorded. So id and version name
 * one representation for good, except those three values, which are put in at each read
 * (`slaMoving` of sla/view.ts: no date formatting per read). The cuts are made at random
 * markers the data cannot contain.
 */
export interface ListEntry {
  /** The JSON around the three moving values (one part when the complaint has no SLA yet). */
  parts: [string] | [string, string, string, string];
}

const MARKER_ID = randomUUID();
const MARKERS = (['state', 'acknowledge', 'settle'] as const).map((k) => `\u0000sla-${k}:${MARKER_ID}`);
const MARKERS_JSON = MARKERS.map((m) => JSON.stringify(m));

export function listEntry(complaint: Complaint): ListEntry {
  const sla = complaint.sla;
  if (sla === null) return { parts: [JSON.stringify(complaint)] };
  const text = JSON.stringify({
    ...complaint,
    sla: {
      ...sla,
      state: MARKERS[0],
      stages: {
        acknowledge: { ...sla.stages.acknowledge, result: MARKERS[1] },
        settle: { ...sla.stages.settle, result: MARKERS[2] },
      },
    },
  });
  const parts: string[] = [];
  let from = 0;
  for (const marker of MARKERS_JSON) {
    const at = text.indexOf(marker, from);
    parts.push(text.slice(from, at));
    from = at + marker.length;
  }
  parts.push(text.slice(from));
  return { parts: parts as [string, string, string, string] };
}

/** The complaint's JSON with its SLA state and stage results as of now (null: no SLA yet). */
export function entryJson(entry: ListEntry, sla: SlaMoving | null): string {
  const p = entry.parts;
  if (p.length === 1 || sla === null) return p[0];
  return `${p[0]}"${sla.state}"${p[1]}"${sla.acknowledge}"${p[2]}"${sla.settle}"${p[3]}`;
}

/**
 * Least recently used out; one entry per complaint (a newer version replaces the older). One
 * per app, in its deps (`deps.listCache`): id and version name one representation in any
 * process, so apps over one database need not share it, and two apps never do.
 */
export class ListCache {
  readonly #entries = new Map<string, { version: number; entry: ListEntry }>();
  #generation = 0;

  /**
   * The entries hold merchants' names, which change without a complaint's version
   * (`merchantNamesGeneration` of merchants/): when the generation read now is not the one the
   * entries were made in, they are all dropped. Renames are rare; a list reads the number first.
   */
  sync(generation: number): void {
    if (generation === this.#generation) return;
    this.#entries.clear();
    this.#generation = generation;
  }

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
