/**
 * `npm run bench`: the portal's performance report.
 *
 *   1. spine — inbox and writes of the production build over 100,000 complaints, against references
 *   2. SLA clock — deadline arithmetic per second; one sweep over 1,000,000 running clocks
 *   3. other benches, each in a child process when present: bench/webhooks.ts, bench/pages.ts
 *      (the API reference in Chromium) and the SDK's `bench` script
 *   4. memory — `npm start` (jobs inside) under mixed load, its RSS curve (bench/memory.ts)
 *   5. import — 100,000 JSON Lines rows through the import against a bare-loop floor, its memory,
 *      the CFPB sample, PostgreSQL (bench/import.ts)
 *   6. figures — GET /api/v1/metrics for a year (with and without groupBy=merchant) over 1,000,000
 *      complaints on SQLite and PostgreSQL against a one-statement floor; the dashboard against
 *      the API (bench/metrics.ts)
 *
 * Prints a markdown report and writes it to bench/results.md (with `--only`, the other sections
 * of the last report stay in it, marked as kept). Exits 0 when a target fails
 * (it reports), 1 with `--strict`; 1 when a section of this bench could not run.
 * Options: --strict, --profile (add a CPU profile of the server under each load),
 * --only spine|sla|others|memory|import|metrics, --seconds N (10), --warmup N (2), --memory-seconds N (60: the
 * issue's hour is `--only memory --memory-seconds 3600`), --memory-rate N (100 req/s).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { budget } from './lib/budget';
import { PORTAL_DIR, runCommand } from './lib/child';
import { fixed, progress, type Target, table, verdict } from './lib/format';
import { runMemory } from './memory';
import { runMetricsBench } from './metrics';
import { runSla } from './sla';
import { runSpine } from './spine';

const ROOT = join(PORTAL_DIR, '..', '..');
const { values } = parseArgs({
  options: {
    strict: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'memory-seconds': { type: 'string', default: '60' },
    'memory-rate': { type: 'string', default: '100' },
    'memory-heap-snapshots': { type: 'string' },
  },
});
const wants = (section: string) => values.only === undefined || values.only === section;

const sections: string[] = [];
const targets: Target[] = [];
let broken = false;

async function section(name: string, run: () => Promise<{ markdown: string; targets: Target[] }>) {
  try {
    const result = await run();
    sections.push(result.markdown);
    targets.push(...result.targets);
  } catch (err) {
    broken = true;
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    progress(`${name} failed: ${text}`);
    sections.push(`## ${name}\n\n**The section could not run:**\n\n\`\`\`\n${text}\n\`\`\`\n`);
  }
}

/** Another engineer's bench, run as a child process with a time limit; absent is fine. */
async function others(): Promise<string> {
  const out = ['## 3. Other benches', ''];
  const webhooks = join(PORTAL_DIR, 'bench', 'webhooks.ts');
  if (existsSync(webhooks)) {
    progress('others: bench/webhooks.ts');
    const r = await runCommand(process.execPath, ['--import', import.meta.resolve('tsx'), webhooks], {
      cwd: PORTAL_DIR,
      timeoutMs: 120_000,
    });
    out.push(
      `### bench/webhooks.ts (exit ${r.timedOut ? 'timed out after 120 s' : r.code}, ${fixed(r.ms / 1000, 1)} s)`,
      '',
      r.stdout.trim() || '(no output)',
      '',
    );
    if (r.code !== 0) out.push('```', r.stderr.trim().slice(-3_000), '```', '');
  } else {
    out.push('- bench/webhooks.ts: not present, skipped.');
  }
  // Pages in Chromium: the API reference's main-thread time against the sign-in page's.
  progress('others: bench/pages.ts');
  const pages = await runCommand(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(PORTAL_DIR, 'bench', 'pages.ts')],
    { cwd: PORTAL_DIR, timeoutMs: 120_000 },
  );
  out.push(
    `### bench/pages.ts (exit ${pages.timedOut ? 'timed out after 120 s' : pages.code}, ${fixed(pages.ms / 1000, 1)} s)`,
    '',
    pages.stdout.trim() || '(no output)',
    '',
  );
  if (pages.code !== 0) out.push('```', pages.stderr.trim().slice(-3_000), '```', '');
  const sdkPackage = join(ROOT, 'packages', 'sdk', 'package.json');
  const sdk = existsSync(sdkPackage)
    ? (JSON.parse(readFileSync(sdkPackage, 'utf8')) as { name?: string; scripts?: Record<string, string> })
    : null;
  if (sdk?.scripts?.bench) {
    progress('others: npm run bench -w @redress/sdk');
    const r = await runCommand('npm', ['run', 'bench', '--silent', '-w', sdk.name ?? '@redress/sdk'], {
      cwd: ROOT,
      timeoutMs: 120_000,
    });
    out.push(
      `### ${sdk.name ?? '@redress/sdk'} \`npm run bench\` (exit ${r.timedOut ? 'timed out after 120 s' : r.code}, ${fixed(r.ms / 1000, 1)} s)`,
      '',
      r.stdout.trim() || '(no output)',
      '',
    );
    if (r.code !== 0) out.push('```', r.stderr.trim().slice(-3_000), '```', '');
  } else {
    out.push(
      `- @redress/sdk bench: ${sdk ? 'the workspace has no `bench` script' : 'no packages/sdk workspace'}, skipped.`,
    );
  }
  return `${out.join('\n')}\n`;
}

/**
 * The import bench in a process of its own (bench/import.ts --json), with the heap settings
 * `npm start` runs the portal with (a server's import runs there): its resident-memory readings
 * are then the import's, not what the sections before it left for the allocator to give back
 * (in this process they fell by 120 MB while the import ran), nor a default heap's growth (with
 * 4 GB to grow into, V8 kept committing pages, 120 → 174 MB, while the live heap stayed at
 * 49–55 MB).
 */
async function importInItsOwnProcess(): Promise<{ markdown: string; targets: Target[] }> {
  progress('import: in its own process (bench/import.ts)');
  const r = await runCommand(
    process.execPath,
    [
      '--max-old-space-size=512',
      '--max-semi-space-size=4',
      '--import',
      import.meta.resolve('tsx'),
      join(PORTAL_DIR, 'bench', 'import.ts'),
      '--json',
    ],
    { cwd: PORTAL_DIR, timeoutMs: 900_000, env: { MALLOC_MMAP_THRESHOLD_: '1048576' } },
  );
  if (r.code !== 0 || r.timedOut)
    throw new Error(
      `bench/import.ts ${r.timedOut ? 'timed out' : `exited ${r.code}`}:\n${r.stderr.slice(-3_000)}`,
    );
  return JSON.parse(r.stdout) as { markdown: string; targets: Target[] };
}

const timing = { seconds: Number(values.seconds), warmupSeconds: Number(values.warmup) };
// Time kept for the later sections while an earlier one decides on its diagnostics.
budget.reserve((wants('sla') ? 75_000 : 0) + (wants('others') ? 60_000 : 0));
if (wants('spine'))
  await section('1. Spine', () => runSpine({ ...timing, profile: values.profile ?? false }));
budget.reserve(wants('others') ? 60_000 : 0);
if (wants('sla')) await section('2. SLA clock', () => runSla());
budget.reserve(0);
if (wants('others')) sections.push(await others());
if (wants('import')) await section('5. Import', importInItsOwnProcess);
if (wants('metrics')) await section('6. Figures', () => runMetricsBench());
if (wants('memory'))
  await section('4. Memory', () =>
    runMemory({
      seconds: Number(values['memory-seconds']),
      rate: Number(values['memory-rate']),
      heapSnapshots: values['memory-heap-snapshots'],
    }),
  );

const cpu = cpus();
const header = [
  '# Redress portal benchmarks',
  '',
  `${new Date().toISOString()} · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'} · ` +
    `${fixed(totalmem() / 1024 ** 3, 1)} GB RAM · whole run ${fixed(budget.elapsedMs() / 1000, 0)} s`,
  '',
  '## Targets',
  '',
  targets.length > 0
    ? table(
        ['target', 'measured', 'result'],
        targets.map((t) => [t.name, t.detail, verdict(t.pass)]),
      )
    : '(no targets measured)',
  '',
].join('\n');
const skipped = budget.skipped();
const footer =
  skipped.length > 0 ? `\n_Skipped to keep the run under 5 minutes: ${skipped.join('; ')}._\n` : '';
// A run of some sections (`--only`) keeps the other sections of the last report, marked as such:
// the hour of memory and a spine run can stand in one file.
const resultsPath = join(PORTAL_DIR, 'bench', 'results.md');
const kept: string[] = [];
if (values.only !== undefined && existsSync(resultsPath)) {
  const previous = readFileSync(resultsPath, 'utf8');
  const stamp = /^\d{4}-\d\d-\d\dT[\d:.]+Z/m.exec(previous)?.[0] ?? 'an earlier run';
  const ran = new Set(sections.map((text) => /^## (\d)\./.exec(text)?.[1]));
  for (const old of previous.split(/^(?=## \d\. )/m).slice(1)) {
    const number = /^## (\d)\./.exec(old)?.[1];
    if (number === undefined || ran.has(number)) continue;
    const [title, ...rest] = old
      .replace(/\n_Skipped to keep[\s\S]*$/, '')
      .trimEnd()
      .split('\n');
    // A section kept once already says which report it is from: that line stays, alone.
    const from = rest.find((line) => line.startsWith('_Kept from the report of '));
    const body = rest
      .filter((line) => !line.startsWith('_Kept from the report of '))
      .join('\n')
      .replace(/^\n+/, '');
    const note = from ?? `_Kept from the report of ${stamp} (this run was \`--only ${values.only}\`)._`;
    kept.push(`${title}\n\n${note}\n\n${body}\n`);
  }
}
const all = [...sections, ...kept].sort((a, b) => a.localeCompare(b));
const keptNote =
  kept.length > 0
    ? '\n_The targets of the sections kept from an earlier report are in those sections._\n'
    : '';
const report = `${[header + keptNote, ...all].join('\n')}${footer}\n`;
writeFileSync(resultsPath, report);
process.stdout.write(report);

const failed = targets.filter((t) => !t.pass).length;
progress(`${targets.length - failed} of ${targets.length} targets pass; report in bench/results.md`);
process.exitCode = broken || (values.strict && failed > 0) ? 1 : 0;
