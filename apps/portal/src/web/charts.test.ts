import { describe, expect, it } from 'vitest';
import { type ChartSpec, chartCsv, chartPng, chartSvg, formatValue } from './charts';

const spec: ChartSpec = {
  id: 'trend',
  title: '月度投诉量与先行和解率',
  categoryLabel: '月份',
  categories: ['2026-01', '2026-02', '2026-03'],
  series: [
    { name: '投诉量', values: [5, 20, 36] },
    { name: '先行和解率', values: [0.5, null, 0.75], kind: 'line', axis: 1, format: 'rate' },
  ],
  marks: [{ series: 0, index: 2, label: '!' }],
};

describe('charts', () => {
  it('renders ECharts SVG that the CSP allows: no style elements or attributes, no script, a title', () => {
    const svg = chartSvg(spec);
    expect(svg).toMatch(/^<svg role="img" aria-labelledby="trend-svg-title"/);
    expect(svg).toContain('<title id="trend-svg-title">月度投诉量与先行和解率</title>');
    expect(svg).not.toMatch(/<style|style="|<script|\son[a-z]+=/i);
    expect(svg).toContain('font-family=');
    expect(svg).toContain('2026-03');
    // Two charts on one page do not share clip-path ids.
    const ids = (s: string) => [...s.matchAll(/<clipPath id="([^"]+)"/g)].map((m) => m[1]);
    const other = chartSvg({ ...spec, id: 'other' });
    for (const id of ids(svg)) expect(ids(other)).not.toContain(id);
  });

  it('exports the same numbers as CSV and the chart as PNG', () => {
    expect(chartCsv(spec)).toBe(
      '\uFEFF月份,投诉量,先行和解率\r\n2026-01,5,0.5\r\n2026-02,20,\r\n2026-03,36,0.75\r\n',
    );
    const png = chartPng(spec);
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('formats values for the table', () => {
    expect(formatValue(0.4567, 'rate')).toBe('45.7%');
    expect(formatValue(12_345_678, 'fen')).toBe('¥123,456.78');
    expect(formatValue(null, 'count')).toBe('—');
    expect(formatValue(3.25, 'days')).toBe('3.3');
  });
});
