import { esc, truncate } from './escape.js';

/** One bar of a horizontal bar chart. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Shown after the bar ("43% · 3 of 7 cases"). */
  readonly text: string;
  /** Tooltip. */
  readonly title: string;
  /** Drawn in the alarm colour (a systemic rule). */
  readonly marked?: boolean;
}

export interface BarChartOptions {
  /** Names the chart for screen readers. */
  readonly label: string;
  readonly bars: readonly Bar[];
  /** The value of a full-width bar. */
  readonly max: number;
  /** A vertical reference line (the systemic threshold). */
  readonly threshold?: { readonly value: number; readonly label: string };
}

const WIDTH = 520;
const GUTTER = 150;
const VALUE_ROOM = 120;
const ROW = 24;
const BAR = 15;

/** A horizontal bar chart as inline SVG: no script, no external resource, every label escaped. */
export function barChart(options: BarChartOptions): string {
  const { bars, threshold } = options;
  if (bars.length === 0) return '<p class="empty">Nothing to chart.</p>';
  const top = threshold ? 22 : 6;
  const height = top + bars.length * ROW + 4;
  const span = WIDTH - GUTTER - VALUE_ROOM;
  const max = options.max > 0 ? options.max : 1;
  const scale = (v: number): number => Math.max(0, Math.min(1, v / max)) * span;
  const out: string[] = [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(options.label)}" preserveAspectRatio="xMinYMin meet">`,
  ];
  bars.forEach((bar, i) => {
    const y = top + i * ROW;
    const w = bar.value > 0 ? Math.max(2, scale(bar.value)) : 0;
    out.push(
      `<g class="bar${bar.marked ? ' marked' : ''}"><title>${esc(bar.title)}</title>` +
        `<text class="bar-label" x="${GUTTER - 8}" y="${y + BAR - 3}" text-anchor="end">${esc(truncate(bar.label, 22))}</text>` +
        `<rect class="bar-track" x="${GUTTER}" y="${y}" width="${span}" height="${BAR}" rx="2"/>` +
        `<rect class="bar-rect" x="${GUTTER}" y="${y}" width="${fix(w)}" height="${BAR}" rx="2"/>` +
        `<text class="bar-value" x="${fix(GUTTER + w + 6)}" y="${y + BAR - 3}">${esc(bar.text)}</text></g>`,
    );
  });
  if (threshold) {
    const x = fix(GUTTER + scale(threshold.value));
    out.push(
      `<g class="threshold"><title>${esc(threshold.label)}</title>` +
        `<line x1="${x}" x2="${x}" y1="14" y2="${height}"/>` +
        `<text x="${x}" y="11" text-anchor="middle">${esc(threshold.label)}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}

/** Two decimals are plenty for a viewBox of hundreds of units, and keep the file small. */
export function fix(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}
