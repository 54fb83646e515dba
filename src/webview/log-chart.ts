// The log-scale RMS charts (gradient and activation): analytic lines, Monte-Carlo means with
// their ±std spread, the healthy band. What uPlot does not draw itself — band, markers,
// whiskers, zero marks — is drawn in its hooks.

import uPlot from 'uplot';
import type { Spread } from '../core/simulate';
import { dpr, LayerChart, positive, type ChartEvents, type ChartModel } from './chart-base';
import { formatDecade, formatNumber } from './format';
import { drawMarker, drawWhisker, drawZeroMark } from './markers';
import type { LayerRow, Pair } from './rows';
import { canvasFont, withAlpha } from './theme';

export interface LogMetric {
  id: 'gradient' | 'activation';
  title: string;
  note: string;
  band: [number, number];
  analytic(row: LayerRow): Pair<number | undefined>;
  monteCarlo(row: LayerRow): Pair<Spread | undefined> | undefined;
}

export const METRICS: LogMetric[] = [
  {
    id: 'gradient',
    title: 'Gradient RMS relative to the last layer',
    note: 'Kernel gradient RMS ÷ the last kernel layer’s. Shaded: healthy range 0.1–10.',
    band: [0.1, 10],
    analytic: (row) => row.gradient,
    monteCarlo: (row) => row.monteCarlo?.gradient,
  },
  {
    id: 'activation',
    title: 'Activation RMS',
    note: 'RMS of each layer’s output after its activation. Shaded: healthy range 0.5–2.',
    band: [0.5, 2],
    analytic: (row) => row.activation,
    monteCarlo: (row) => row.monteCarlo?.activation,
  },
];

const LOG_HEIGHT = 250;

/** A log-scale RMS chart: analytic lines, Monte-Carlo means with ±std whiskers, the healthy band. */
export class LogChart extends LayerChart {
  private range: [number, number] = [0.1, 10];

  constructor(private readonly metric: LogMetric, events: ChartEvents, model: ChartModel) {
    super(metric.id, metric.title, metric.note, events, model);
  }

  override update(model: ChartModel): void {
    super.update(model);
    const zero = model.rows.some((row) => {
      const analytic = this.metric.analytic(row);
      const mc = this.metric.monteCarlo(row);
      return analytic.current === 0 || analytic.recommended === 0 || mc?.current?.mean === 0 || mc?.recommended?.mean === 0;
    });
    this.note.textContent = zero ? `${this.metric.note} ▼ at the bottom: exactly zero, which a log scale cannot show.` : this.metric.note;
  }

  protected data(): uPlot.AlignedData {
    const { rows } = this.model;
    const analytic = rows.map((row) => this.metric.analytic(row));
    const mc = rows.map((row) => this.metric.monteCarlo(row));
    const series = [
      analytic.map((pair) => positive(pair.current)),
      analytic.map((pair) => positive(pair.recommended)),
      mc.map((pair) => positive(pair?.current?.mean)),
      mc.map((pair) => positive(pair?.recommended?.mean)),
    ];
    // Whiskers and the band count too, so a decade-aligned range shows all of them.
    const values: number[] = [...this.metric.band];
    for (const s of series) for (const v of s) if (v !== null) values.push(v);
    for (const pair of mc) {
      for (const spread of [pair?.current, pair?.recommended]) {
        if (!spread || !(spread.mean > 0)) continue;
        if (Number.isFinite(spread.std)) values.push(spread.mean + spread.std);
        if (spread.mean - spread.std > 0) values.push(spread.mean - spread.std);
      }
    }
    const low = 10 ** Math.floor(Math.log10(Math.min(...values)));
    let high = 10 ** Math.ceil(Math.log10(Math.max(...values)));
    if (high <= low) high = low * 10;
    this.range = [low, high];
    return [this.xs(), ...series];
  }

  /** The label of a log-axis split: every decade, and 2× and 5× when the range spans two decades or less. */
  private logLabel(value: number | null): string | null {
    if (value === null) return null;
    const decade = formatDecade(value);
    if (decade !== null) return decade;
    const [low, high] = this.range;
    if (Math.log10(high / low) > 2.01) return null;
    const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
    return Math.abs(mantissa - 2) < 1e-6 || Math.abs(mantissa - 5) < 1e-6 ? formatNumber(value) : null;
  }

  protected options(width: number): uPlot.Options {
    const theme = this.model.theme;
    const { scaleX, ...base } = this.baseOptions(width, LOG_HEIGHT, {
      size: 52,
      space: 18,
      // uPlot's log axes pass null for the splits they leave out for lack of room.
      values: (_u, splits) => splits.map((v) => this.logLabel(v)),
      grid: {
        stroke: withAlpha(theme.grid, theme.kind.startsWith('high-contrast') ? 0.7 : 0.45),
        width: 1,
        filter: (_u, splits) => splits.map((v) => (this.logLabel(v) === null ? null : v)),
      },
    });
    const noPath = () => null;
    return {
      ...base,
      scales: { x: scaleX, y: { distr: 3, log: 10, range: () => this.range } },
      series: [
        {},
        { label: 'Current, analytic', stroke: theme.current, width: 2, points: { show: false } },
        { label: 'Recommended, analytic', stroke: theme.recommended, width: 2, dash: [7, 5], points: { show: false } },
        { label: 'Current, Monte Carlo', stroke: theme.current, paths: noPath, points: { show: false } },
        { label: 'Recommended, Monte Carlo', stroke: theme.recommended, paths: noPath, points: { show: false } },
      ],
      hooks: {
        drawClear: [(u) => this.drawBand(u), (u) => this.drawHighlight(u)],
        draw: [(u) => this.drawMarks(u)],
        setCursor: [(u) => this.cursorHook(u)],
      },
    };
  }

  private drawBand(u: uPlot): void {
    const { theme } = this.model;
    const [low, high] = this.metric.band;
    const ctx = u.ctx;
    const ratio = dpr();
    const { left, top, width, height } = u.bbox;
    const y0 = Math.min(top + height, Math.max(top, u.valToPos(high, 'y', true)));
    const y1 = Math.min(top + height, Math.max(top, u.valToPos(low, 'y', true)));
    ctx.save();
    ctx.fillStyle = withAlpha(theme.band, theme.kind === 'light' ? 0.1 : 0.13);
    ctx.fillRect(left, y0, width, y1 - y0);
    ctx.strokeStyle = withAlpha(theme.band, 0.6);
    ctx.lineWidth = ratio;
    ctx.setLineDash([2 * ratio, 3 * ratio]);
    ctx.beginPath();
    for (const y of [y0, y1]) {
      if (y <= top || y >= top + height) continue;
      ctx.moveTo(left, Math.round(y) + 0.5);
      ctx.lineTo(left + width, Math.round(y) + 0.5);
    }
    ctx.stroke();
    ctx.fillStyle = withAlpha(theme.band, 0.95);
    ctx.font = canvasFont(theme, 0.8 * ratio);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'right';
    if (y1 - y0 > 16 * ratio) ctx.fillText('healthy', left + width - 6 * ratio, y0 + 3 * ratio);
    ctx.restore();
  }

  /**
   * Analytic markers (filled) and Monte-Carlo means (hollow, same shape) with their ±std spread:
   * whiskers when the layers are far enough apart, a shaded band when they are not; ▼ at the
   * bottom for an exact zero.
   */
  private drawMarks(u: uPlot): void {
    const { rows, theme } = this.model;
    const ctx = u.ctx;
    const ratio = dpr();
    const { left, top, width, height } = u.bbox;
    const bottom = top + height;
    const step = rows.length > 1 ? Math.abs(u.valToPos(1, 'x', true) - u.valToPos(0, 'x', true)) : width;
    const sparse = step >= 16 * ratio;
    const radius = (sparse ? Math.min(3.5, step / (6 * ratio)) : 2.2) * ratio;
    const offset = sparse ? Math.min(6 * ratio, step * 0.16) : 0;
    const styles = [
      { color: theme.current, shape: 'circle' as const, dx: -offset, which: 'current' as const },
      { color: theme.recommended, shape: 'square' as const, dx: offset, which: 'recommended' as const },
    ];
    const y = (value: number): number => u.valToPos(value, 'y', true);
    const xAt = (index: number): number => u.valToPos(index, 'x', true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(left - radius * 2, top - radius * 2, width + radius * 4, height + radius * 4);
    ctx.clip();
    for (const style of styles) {
      const spreads = rows.map((row) => this.metric.monteCarlo(row)?.[style.which]);
      const drawable = (spread: Spread | undefined): spread is Spread => spread !== undefined && spread.mean > 0 && Number.isFinite(spread.std);
      const upper = (spread: Spread) => Math.max(top, y(spread.mean + spread.std));
      const lower = (spread: Spread) => (spread.mean - spread.std > 0 ? Math.min(bottom, y(spread.mean - spread.std)) : bottom);
      if (!sparse) {
        // One shaded band per run of layers that have a spread to show.
        ctx.fillStyle = withAlpha(style.color, 0.16);
        let start = 0;
        while (start < spreads.length) {
          if (!drawable(spreads[start])) {
            start++;
            continue;
          }
          let end = start;
          while (end + 1 < spreads.length && drawable(spreads[end + 1])) end++;
          ctx.beginPath();
          for (let i = start; i <= end; i++) ctx.lineTo(xAt(i), upper(spreads[i] as Spread));
          for (let i = end; i >= start; i--) ctx.lineTo(xAt(i), lower(spreads[i] as Spread));
          ctx.closePath();
          ctx.fill();
          start = end + 1;
        }
      }
      rows.forEach((row, index) => {
        const x = xAt(index);
        const value = this.metric.analytic(row)[style.which];
        if (value === 0) drawZeroMark(ctx, x, bottom, 4 * ratio, style.color);
        else if (sparse && positive(value) !== null) drawMarker(ctx, style.shape, x, y(value!), radius * 0.9, style.color, style.color, ratio);
        const spread = spreads[index];
        if (!spread) return;
        const mx = x + style.dx;
        if (spread.mean === 0) drawZeroMark(ctx, mx, bottom, 3 * ratio, style.color);
        if (!drawable(spread)) return;
        if (sparse && spread.std > 0) drawWhisker(ctx, mx, upper(spread), lower(spread), Math.min(3 * ratio, step * 0.12), withAlpha(style.color, 0.8), ratio);
        drawMarker(ctx, style.shape, mx, y(spread.mean), sparse ? radius * 1.15 : radius, style.color, theme.background, (sparse ? 1.5 : 1.2) * ratio);
      });
    }
    ctx.restore();
  }
}
