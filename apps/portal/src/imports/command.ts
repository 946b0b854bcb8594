import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { IMPORT_PROFILES, type ImportProfile, Invalid, importFormatOfName } from '@redress/core';
import cliProgress from 'cli-progress';
import type { ServiceContext } from '../context';
import { importJson, importRows, loadImport, toImportRow } from './read';
import { type ImportProgress, runImport } from './service';

export interface ImportCommandOptions {
  file: string;
  dryRun: boolean;
  profile: string | undefined;
  json: boolean;
}

interface Output {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Rejected rows the human summary lists; the rest are in `--json` and `GET /imports/{id}`. */
const SHOWN = 20;

/**
 * `redress import FILE [--dry-run] [--profile cfpb] [--json]`: the file from disk, its format by
 * its extension, imported as `ctx.principal`. Progress on stderr (a bar with rows/s and the time
 * left on a terminal, a plain line per batch otherwise); the counts and the rejected rows on
 * stdout, or the API's answer with `--json`. Exit status 0 when every row was imported or
 * unchanged, 3 when some were rejected or changed.
 */
export async function importCommand(
  ctx: ServiceContext,
  options: ImportCommandOptions,
  io: Output = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const format = importFormatOfName(options.file);
  if (!format)
    throw new Invalid('say what the file is by its extension: .jsonl or .ndjson, .csv, .xlsx', [
      { path: 'FILE', code: 'invalid_value', message: 'not .jsonl, .ndjson, .csv or .xlsx' },
    ]);
  if (options.profile !== undefined && !(IMPORT_PROFILES as readonly string[]).includes(options.profile))
    throw new Invalid(`--profile must be one of ${IMPORT_PROFILES.join(', ')}`, [
      { path: 'profile', code: 'invalid_value', message: 'unknown profile' },
    ]);
  const size = statSync(options.file).size;
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const body = createReadStream(options.file).pipe(counted);
  const started = Date.now();
  const rate = (rows: number) => Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001));
  const tty = io.stderr.isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          format: 'importing [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
          stream: io.stderr,
          hideCursor: true,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(size, 0, { rows: 0, rate: 0 });
  const progress = (p: ImportProgress) => {
    if (bar) {
      bar.update(bytes, { rows: p.rows, rate: rate(p.rows) });
      return;
    }
    io.stderr.write(`${progressLine(p, rate(p.rows))}\n`);
  };
  let id: string;
  try {
    id = await runImport(
      ctx,
      {
        format,
        profile: (options.profile as ImportProfile | undefined) ?? null,
        dryRun: options.dryRun,
        fileName: basename(options.file),
        body,
      },
      progress,
    );
  } finally {
    if (bar) {
      bar.update(bytes);
      bar.stop();
    }
  }
  const row = await loadImport(ctx, id);
  const counts = {
    imported: Number(row.imported),
    unchanged: Number(row.unchanged),
    changed: Number(row.changed),
    rejected: Number(row.rejected),
  };
  if (!bar)
    io.stderr.write(`${progressLine({ id, rows: Number(row.rows), counts }, rate(Number(row.rows)))}\n`);
  if (options.json) {
    for await (const piece of importJson(ctx, row, { results: false })) io.stdout.write(piece);
    io.stdout.write('\n');
  } else {
    const lines = [
      `${options.dryRun ? 'Checked' : 'Imported'} ${options.file}: ${row.rows} rows, ${counts.imported} ${options.dryRun ? 'to import' : 'imported'}, ${counts.unchanged} unchanged, ${counts.changed} changed, ${counts.rejected} rejected (import ${id})`,
    ];
    let shown = 0;
    for await (const r of importRows(ctx.db, id, ['rejected', 'changed'])) {
      if (shown++ >= SHOWN) break;
      const o = toImportRow(r);
      const why =
        o.result === 'changed'
          ? `changed, not applied: ${o.fields.join(', ')} (${o.complaintId})`
          : o.errors.map((e) => `${e.path} ${e.code}: ${e.message}`).join('; ');
      lines.push(`  line ${o.line}${o.externalRef ? ` ${o.externalRef}` : ''}: ${why}`);
    }
    const listed = counts.rejected + counts.changed;
    if (listed > SHOWN)
      lines.push(`  … and ${listed - SHOWN} more: redress import --json, or GET /api/v1/imports/${id}`);
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return counts.rejected + counts.changed > 0 ? 3 : 0;
}

function progressLine(p: ImportProgress, perSecond: number): string {
  const c = p.counts;
  return `${p.id}: ${p.rows} rows (${c.imported} imported, ${c.unchanged} unchanged, ${c.changed} changed, ${c.rejected} rejected), ${perSecond} rows/s`;
}
