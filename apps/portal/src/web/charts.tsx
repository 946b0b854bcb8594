import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { raw } from 'hono/html';
import type { Lang, Translate } from './i18n';

/**
 * Charts of the pages, rendered on the server by Apache ECharts in its server-side SVG mode
 * (`renderer: 'svg', ssr: true`): readable without JavaScript, with a table of the same
 * numbers as their text alternative, exportable as CSV (the numbers), SVG and PNG (resvg).
 * A page describes a chart as data (`ChartSpec`); nothing here draws geometry by hand.
 */

/** How a series' values read: a count, a share 0–1 (shown as a percentage), fen (shown as ¥), days. */
export type ValueFormat = 'count' | 'rate' | 'fen' | 'days' | 'mean';

export interface ChartSeries {
  name: string;
  values: readonly (number | null)[];
  /** `bar` by default. */
  kind?: 'bar' | 'line';
  /** 0: the left axis (default), 1: the right axis (a rate beside a count). */
  axis?: 0 | 1;
  format?: ValueFormat;
  /** Dashed line (an expected value, a threshold). */
  dashed?: boolean;
}

export interface ChartSpec {
  /** Unique on the page: the export links name it (`?chart=<id>&format=png`). */
  id: string;
  title: string;
  /** The heading of the categories' column in the table and the CSV (月份, 类别…). */
  categoryLabel: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
  /** Bars across, categories down (a ranking). */
  horizontal?: boolean;
  /** Points to mark, e.g. the day an alert was raised. */
  marks?: readonly { series: number; index: number; label: string }[];
  width?: number;
  height?: number;
  /** The series the table shows, when it holds more than the chart draws (default: `series`). */
  tableSeries?: readonly ChartSeries[];
}

const FONT_FAMILY = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'Source Han Sans SC', sans-serif";
const PALETTE = ['#3366cc', '#e07b00', '#2a9d5b', '#b03a48', '#6a4c93', '#4d7ea8', '#8c6d31'];

/** One value as the table shows it. */
export function formatValue(
  value: number | null,
  format: ValueFormat = 'count',
  lang: Lang = 'zh-CN',
): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (format) {
    case 'rate':
      return `${(value * 100).toFixed(1)}%`;
    case 'fen':
      return `¥${(value / 100).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      })}`;
    case 'days':
      return value.toFixed(1);
    case 'mean':
      return value.toFixed(2);
    case 'count':
      return value.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
  }
}

/** The value as the chart plots it: a rate in percent, fen in yuan. */
const plotted = (value: number | null, format: ValueFormat | undefined) => {
  if (value === null || !Number.isFinite(value)) return null;
  if (format === 'rate') return Math.round(value * 1000) / 10;
  if (format === 'fen') return Math.round(value) / 100;
  return value;
};

function axisFor(series: readonly ChartSeries[], axis: 0 | 1) {
  const format = series.find((s) => (s.axis ?? 0) === axis)?.format;
  return {
    type: 'value' as const,
    axisLabel: {
      formatter: format === 'rate' ? '{value}%' : format === 'fen' ? '¥{value}' : '{value}',
    },
    ...(format === 'rate' ? { min: 0, max: 100 } : {}),
    splitLine: { show: axis === 0 },
  };
}

function optionOf(spec: ChartSpec): echarts.EChartsCoreOption {
  const twoAxes = spec.series.some((s) => s.axis === 1);
  const valueAxes = twoAxes ? [axisFor(spec.series, 0), axisFor(spec.series, 1)] : [axisFor(spec.series, 0)];
  const categoryAxis = {
    type: 'category' as const,
    data: [...spec.categories],
    axisLabel: spec.horizontal ? { width: 110, overflow: 'truncate' } : { hideOverlap: true },
    ...(spec.horizontal ? { inverse: true } : {}),
  };
  return {
    animation: false,
    color: PALETTE,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: { text: spec.title, left: 'center', textStyle: { fontSize: 15 } },
    legend: spec.series.length > 1 ? { bottom: 0 } : undefined,
    grid: {
      left: spec.horizontal ? 120 : 50,
      right: twoAxes ? 50 : 24,
      top: 44,
      bottom: spec.series.length > 1 ? 56 : 32,
      containLabel: !spec.horizontal,
    },
    xAxis: spec.horizontal ? valueAxes[0] : categoryAxis,
    yAxis: spec.horizontal ? categoryAxis : valueAxes,
    series: spec.series.map((s, i) => ({
      name: s.name,
      type: s.kind ?? 'bar',
      ...(twoAxes && !spec.horizontal ? { yAxisIndex: s.axis ?? 0 } : {}),
      data: s.values.map((v) => plotted(v, s.format)),
      connectNulls: false,
      ...(s.dashed ? { lineStyle: { type: 'dashed' }, symbol: 'none' } : {}),
      emphasis: { disabled: true },
      ...(spec.marks?.some((m) => m.series === i)
        ? {
            markPoint: {
              symbol: 'pin',
              symbolSize: 44,
              label: { fontSize: 11 },
              data: spec.marks
                .filter((m) => m.series === i)
                .map((m) => ({
                  coord: spec.horizontal
                    ? [plotted(s.values[m.index] ?? null, s.format), m.index]
                    : [m.index, plotted(s.values[m.index] ?? null, s.format)],
                  value: m.label,
                })),
            },
          }
        : {}),
    })),
  };
}

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * Makes ECharts' SVG safe under the portal's CSP (no inline styles): drops its hover
 * `<style>` element and class names, turns each `style="…"` into presentation attributes
 * (`font-size`, `font-family`…), and drops its metadata attributes; adds the title for
 * assistive technology.
 */
function cspSafe(svg: string, title: string, id: string): string {
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ style="([^"]*)"/g, (_, css: string) =>
      css
        .split(';')
        .map((decl) => decl.trim())
        .filter(Boolean)
        .map((decl) => {
          const colon = decl.indexOf(':');
          const name = decl.slice(0, colon).trim();
          const value = decl.slice(colon + 1).trim();
          return /^[a-z-]+$/.test(name) ? ` ${name}="${value.replaceAll('"', "'")}"` : '';
        })
        .join(''),
    )
    .replace(/^<svg /, `<svg role="img" aria-labelledby="${id}-svg-title" focusable="false" `)
    .replace(/(<svg [^>]*>)/, `$1<title id="${id}-svg-title">${escapeXml(title)}</title>`);
}

/** The chart as a standalone, CSP-safe SVG document. */
export function chartSvg(spec: ChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? (spec.horizontal ? Math.max(220, 60 + spec.categories.length * 26) : 320);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(optionOf(spec));
    return cspSafe(chart.renderToSVGString(), spec.title, spec.id);
  } finally {
    chart.dispose();
  }
}

const NOTO = '/usr/share/fonts/opentype/noto';
let fontFiles: string[] | undefined;
/** The CJK fonts for PNG export (Debian's fonts-noto-cjk), when installed. */
function cjkFonts(): string[] {
  if (fontFiles === undefined) {
    fontFiles = existsSync(NOTO)
      ? readdirSync(NOTO)
          .filter((f) => /^NotoSansCJK-(Regular|Bold)\.tt[cf]$/.test(f))
          .map((f) => join(NOTO, f))
      : [];
  }
  return fontFiles;
}

/** The chart as PNG, at twice its size, on white. */
export function chartPng(spec: ChartSpec): Uint8Array<ArrayBuffer> {
  const svg = chartSvg(spec);
  const fonts = cjkFonts();
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: 2 },
    font: {
      fontFiles: fonts,
      loadSystemFonts: fonts.length === 0,
      defaultFontFamily: fonts.length ? 'Noto Sans CJK SC' : 'sans-serif',
    },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** One CSV field (RFC 4180), a cell a spreadsheet would run (=, +, -, @) defused with a quote mark. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The numbers behind the chart as CSV (UTF-8 with a BOM, for spreadsheets): the categories'
 * column, then one column per series with the values as the API gives them (rates as
 * fractions, amounts in fen).
 */
export function chartCsv(spec: ChartSpec): string {
  const header = [spec.categoryLabel, ...spec.series.map((s) => s.name)].map(csvField).join(',');
  const rows = spec.categories.map((category, i) =>
    [category, ...spec.series.map((s) => s.values[i] ?? null)].map(csvField).join(','),
  );
  return `\uFEFF${[header, ...rows].join('\r\n')}\r\n`;
}

export const CHART_FORMATS = ['csv', 'svg', 'png'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

/** The chart exported as a download (`{id}.csv`, `.svg`, `.png`). */
export function chartDownload(spec: ChartSpec, format: ChartFormat): Response {
  const headers = (type: string) => ({
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${spec.id}.${format}"`,
    'Cache-Control': 'private, no-store',
  });
  switch (format) {
    case 'csv':
      return new Response(chartCsv(spec), { headers: headers('text/csv; charset=utf-8') });
    case 'svg':
      return new Response(chartSvg(spec), { headers: headers('image/svg+xml; charset=utf-8') });
    case 'png':
      return new Response(chartPng(spec), { headers: headers('image/png') });
  }
}

/** The address of one export: the page's own address (its period and filters) with `chart` and `format`. */
export function exportHref(pageHref: string, id: string, format: ChartFormat): string {
  const url = new URL(pageHref, 'http://x');
  url.searchParams.set('chart', id);
  url.searchParams.set('format', format);
  return `${url.pathname}${url.search}`;
}

export interface ChartProps {
  spec: ChartSpec;
  t: Translate;
  lang: Lang;
  /** The page's address with its query; the export links add `chart` and `format` to it. Omit for no export links. */
  href?: string;
}

/**
 * A chart on a page: the SVG inline, its table of the same numbers (the text alternative,
 * in a `<details>` that opens without JavaScript), and its export links.
 */
export function Chart({ spec, t, lang, href }: ChartProps) {
  return (
    <figure class="chart" id={`chart-${spec.id}`} aria-labelledby={`${spec.id}-caption`}>
      <figcaption id={`${spec.id}-caption`}>{spec.title}</figcaption>
      <div class="chart-svg">{raw(chartSvg(spec))}</div>
      <details class="chart-table">
        <summary>{t('chart.table')}</summary>
        <ChartTable spec={spec} lang={lang} />
      </details>
      {href ? (
        <p class="chart-exports">
          {t('chart.export')}{' '}
          {CHART_FORMATS.map((format) => (
            <>
              <a href={exportHref(href, spec.id, format)} download={`${spec.id}.${format}`}>
                {format.toUpperCase()}
              </a>{' '}
            </>
          ))}
        </p>
      ) : null}
    </figure>
  );
}

/** The chart's numbers as a table (categories down, series across). */
export function ChartTable({ spec, lang }: { spec: ChartSpec; lang: Lang }) {
  const series = spec.tableSeries ?? spec.series;
  return (
    <div class="table-scroll">
      <table>
        <caption class="visually-hidden">{spec.title}</caption>
        <thead>
          <tr>
            <th scope="col">{spec.categoryLabel}</th>
            {series.map((s) => (
              <th scope="col">{s.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {spec.categories.map((category, i) => (
            <tr>
              <th scope="row">{category}</th>
              {series.map((s) => (
                <td>{formatValue(s.values[i] ?? null, s.format, lang)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
