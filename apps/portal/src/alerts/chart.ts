import { shanghaiDate } from '@redress/core';
import * as echarts from 'echarts';

/** One period of the chart: its count, the threshold it was measured against, and whether it is the alert's. */
export interface ChartPoint {
  readonly label: string;
  readonly observed: number;
  readonly threshold: number | null;
  readonly alerting: boolean;
}

export interface SeriesChartWords {
  readonly title: string;
  readonly observed: string;
  readonly threshold: string;
  readonly alert: string;
}

/**
 * ECharts' server-side SVG, made fit for a page whose Content-Security-Policy allows no inline
 * style: the hover rules of its `<style>` element do nothing without script and go, and each
 * `style="…"` attribute becomes the SVG presentation attributes it spells (`font-size`,
 * `font-family`, `font-weight`…), which CSP does not govern.
 */
export function cspSafeSvg(svg: string): string {
  return svg.replace(/<style[\s\S]*?<\/style>/g, '').replace(/ style="([^"]*)"/g, (_, css: string) =>
    css
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const colon = d.indexOf(':');
        return ` ${d.slice(0, colon).trim()}="${d
          .slice(colon + 1)
          .trim()
          .replaceAll('"', "'")}"`;
      })
      .join(''),
  );
}

/** A series' counts as bars, the EARS threshold as a line, the alert's period in red. */
export function seriesChartSvg(points: readonly ChartPoint[], words: SeriesChartWords): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 720, height: 320 });
  try {
    chart.setOption({
      animation: false,
      title: { text: words.title, left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0, data: [words.observed, words.threshold] },
      grid: { left: 48, right: 16, top: 40, bottom: 64 },
      xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: { rotate: 45, fontSize: 10 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: words.observed,
          type: 'bar',
          emphasis: { disabled: true },
          data: points.map((p) => ({
            value: p.observed,
            itemStyle: { color: p.alerting ? '#c62828' : '#5470c6' },
          })),
          markPoint: {
            symbol: 'pin',
            data: points.flatMap((p, i) =>
              p.alerting ? [{ name: words.alert, coord: [i, p.observed], value: p.observed }] : [],
            ),
          },
        },
        {
          name: words.threshold,
          type: 'line',
          step: 'middle',
          symbol: 'none',
          emphasis: { disabled: true },
          lineStyle: { type: 'dashed', color: '#e67e22' },
          itemStyle: { color: '#e67e22' },
          data: points.map((p) => (p.threshold === null ? null : Math.round(p.threshold * 100) / 100)),
        },
      ],
    });
    return cspSafeSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** A period's label on the axis: its first day (MM-DD), for days and weeks alike. */
export const periodLabel = (fromMs: number) => shanghaiDate(fromMs).slice(5);
