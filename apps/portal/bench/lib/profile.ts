import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixed, table } from './format';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Frames of a bundle with a source map beside it (dist/cli.js) are put back in their sources
 * (src/…, packages/core/…), so that the tables name files rather than one bundle.
 */
function sourceMapper() {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (url: string): SourceMap | null => {
    if (!maps.has(url)) {
      let map: SourceMap | null = null;
      try {
        const file = fileURLToPath(url);
        if (existsSync(`${file}.map`)) {
          const payload = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
          // Sources relative to the map's folder, as absolute file URLs.
          payload.sources = payload.sources.map((s: string) => `file://${resolve(dirname(file), s)}`);
          map = new SourceMap(payload);
        }
      } catch {
        map = null;
      }
      maps.set(url, map);
    }
    return maps.get(url)!;
  };
  return (frame: CallFrame): CallFrame => {
    if (!frame.url.startsWith('file://') || frame.url.includes('/node_modules/')) return frame;
    const map = mapOf(frame.url);
    if (!map) return frame;
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber ?? 0) as {
      originalSource?: string;
      originalLine?: number;
    };
    if (!entry.originalSource) return frame;
    return { ...frame, url: entry.originalSource, lineNumber: entry.originalLine ?? 0 };
  };
}

/** Where a function lives: a package, a folder of the portal, @redress/core, Node itself. */
function areaOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  const portal = /apps\/portal\/src\/([^/]+)(\/|\.ts)/.exec(url);
  if (portal) return `portal src/${portal[1]}`;
  if (url.includes('packages/core/')) return '@redress/core';
  return url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
}

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*apps\/portal\//, '')
    .replace(/.*packages\//, '');

/** A stretch of a profile in CLOCK_MONOTONIC µs: `Number(process.hrtime.bigint() / 1000n)`. */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

export interface ProfileSummary {
  markdown: string;
  busyMs: number;
  byArea: Map<string, number>;
}

const ours = (url: string) => /apps\/portal\/src\/|packages\/core\//.test(url);

/**
 * A V8 CPU profile: self time grouped by area and by function (idle left out; `(program)` and
 * `(garbage collector)` shown), and the inclusive time of the portal's and @redress/core's own
 * functions (synchronous stretches only: time after an `await` belongs to the microtask that resumed it).
 * With `window`, only the samples taken inside it (a profile written by `node --cpu-prof` covers
 * the whole process, start-up and warm-up included).
 */
export function summarizeProfile(
  file: string,
  options: { top?: number; window?: ProfileWindow } = {},
): ProfileSummary | null {
  if (!existsSync(file)) return null;
  const top = options.top ?? 15;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const original = sourceMapper();
  for (const node of profile.nodes) node.callFrame = original(node.callFrame);
  let samples = profile.samples ?? [];
  let deltas = profile.timeDeltas ?? [];
  let spanUs = profile.endTime - profile.startTime;
  if (options.window) {
    // Sample times are CLOCK_MONOTONIC µs, the clock of process.hrtime in any process.
    const { fromUs, toUs } = options.window;
    const keptSamples: number[] = [];
    const keptDeltas: number[] = [];
    let t = profile.startTime;
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i] ?? 0;
      if (t < fromUs || t > toUs) continue;
      keptSamples.push(samples[i]!);
      keptDeltas.push(deltas[i] ?? 0);
    }
    samples = keptSamples;
    deltas = keptDeltas;
    spanUs = toUs - fromUs;
  }
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before samples[i]; attribute it to that sample's node.
  for (let i = 0; i < samples.length; i++) {
    const node = samples[i]!;
    selfUs.set(node, (selfUs.get(node) ?? 0) + (deltas[i] ?? 0));
  }
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    busy += us;
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} — ${url ? `${shortUrl(url)}:${lineNumber + 1}` : 'native'}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  // Inclusive time of our functions: each sample counts once for every distinct function on its stack.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackKeys = new Map<number, string[]>();
  const keysOf = (id: number): string[] => {
    const known = stackKeys.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const up = parent.has(id) ? keysOf(parent.get(id)!) : [];
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} — ${shortUrl(url)}:${lineNumber + 1}`;
    const keys = ours(url) && !up.includes(key) ? [...up, key] : up;
    stackKeys.set(id, keys);
    return keys;
  };
  const inclusive = new Map<string, number>();
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    for (const key of keysOf(node.id)) inclusive.set(key, (inclusive.get(key) ?? 0) + (deltas[i] ?? 0));
  }
  const share = (us: number) => `${fixed((us / busy) * 100, 1)}%`;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  const markdown = [
    `Busy (non-idle) CPU time: ${fixed(busy / 1000, 0)} ms of ${fixed(spanUs / 1000, 0)} ms profiled.`,
    '',
    table(
      ['area (self time)', 'ms', 'share'],
      sorted(byArea)
        .slice(0, 14)
        .map(([area, us]) => [area, fixed(us / 1000, 0), share(us)]),
    ),
    '',
    table(
      ['function (self time)', 'ms', 'share'],
      sorted(byFunction)
        .slice(0, top)
        .map(([fn, us]) => [fn, fixed(us / 1000, 0), share(us)]),
    ),
    '',
    table(
      ['portal / @redress/core function (inclusive, synchronous part)', 'ms', 'share'],
      sorted(inclusive)
        .slice(0, top)
        .map(([fn, us]) => [fn, fixed(us / 1000, 0), share(us)]),
    ),
  ].join('\n');
  return { markdown, busyMs: busy / 1000, byArea };
}
