/** Markdown helpers for the report. */
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const fixed = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const mb = (bytes: number) => `${fixed(bytes / 1024 / 1024, 1)} MB`;
export const ms = (n: number) => `${fixed(n, n < 10 ? 2 : 1)} ms`;
export const pct = (ratio: number) => `${fixed(ratio * 100, 1)}%`;

export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(head), `| ${head.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

export interface Target {
  name: string;
  pass: boolean;
  detail: string;
}

export const verdict = (pass: boolean) => (pass ? '**PASS**' : '**FAIL**');

export function targetTable(targets: Target[]): string {
  return table(
    ['target', 'measured', 'result'],
    targets.map((t) => [t.name, t.detail, verdict(t.pass)]),
  );
}

const started = performance.now();
/** Prints progress to stderr (with the seconds since the start), so that stdout is the report alone. */
export const progress = (msg: string) =>
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);
