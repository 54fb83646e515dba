// What the three charts share: a figure with a heading and a note, and a uPlot instance on
// a canvas whose x axis is the kernel layer (forward order, labelled by name), with a cursor
// that snaps to layers, is synced across the charts, and reports hovers and clicks.

import uPlot from 'uplot';
import { el } from './dom';
import { shorten } from './format';
import type { LayerRow } from './rows';
import { canvasFont, withAlpha, type Theme } from './theme';

export type MonteCarloState = 'running' | 'done' | 'unavailable' | 'skipped';

export interface ChartEvents {
  reveal(index: number): void;
  /** The pointer is over layer `index` of a chart (null: it left), at viewport point (`x`, `y`). */
  hover(index: number | null, x: number, y: number): void;
}

export interface ChartModel {
  rows: LayerRow[];
  monteCarlo: MonteCarloState;
  highlight: number | null;
  theme: Theme;
}

const SYNC_KEY = 'initlint-layers';
const X_INCREMENTS = [1, 2, 3, 4, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];

export const dpr = (): number => window.devicePixelRatio || 1;
export const positive = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) && value > 0 ? value : null);

/** One figure: a heading, a note, and a uPlot instance that is rebuilt when the layers change. */
export abstract class LayerChart {
  readonly figure: HTMLElement;
  readonly host = el('div', { class: 'plot' });
  protected readonly note: HTMLElement;
  protected plot: uPlot | undefined;
  private names = '';
  private pointerInside = false;

  constructor(readonly id: string, readonly title: string, note: string, protected readonly events: ChartEvents, protected model: ChartModel) {
    this.note = el('p', { class: 'chart-note' }, note);
    this.figure = el('figure', { class: 'chart', id: `chart-${id}` }, el('figcaption', {}, el('h2', {}, title), this.note), this.host);
    // The canvas is not readable by a screen reader; the table below carries the same numbers.
    this.host.setAttribute('aria-hidden', 'true');
  }

  protected abstract options(width: number): uPlot.Options;
  protected abstract data(): uPlot.AlignedData;

  update(model: ChartModel): void {
    this.model = model;
    this.figure.dataset.points = String(model.rows.length);
    if (model.rows.length === 0) {
      this.destroy();
      return;
    }
    const names = JSON.stringify(model.rows.map((row) => row.name));
    if (this.plot && names === this.names) {
      this.plot.setData(this.data(), true);
      return;
    }
    this.names = names;
    this.rebuild();
  }

  rebuild(): void {
    this.plot?.destroy();
    const width = Math.max(240, this.host.clientWidth || 600);
    this.plot = new uPlot(this.options(width), this.data(), this.host);
    const over = this.plot.over;
    over.addEventListener('mouseenter', () => (this.pointerInside = true));
    over.addEventListener('mouseleave', () => {
      this.pointerInside = false;
      this.events.hover(null, 0, 0);
    });
    over.addEventListener('click', (event) => {
      const index = this.indexAt(event.offsetX);
      if (index !== null) this.events.reveal(index);
    });
  }

  /** New state that changes only what the hooks draw (the highlight), or the theme when `rebuild`. */
  refresh(model: ChartModel, rebuild: boolean): void {
    this.model = model;
    if (rebuild && model.rows.length > 0) this.rebuild();
    else this.plot?.redraw(false, false);
  }

  resize(): void {
    const plot = this.plot;
    const width = this.host.clientWidth;
    if (plot && width > 0 && Math.abs(width - plot.width) > 1) plot.setSize({ width, height: plot.height });
  }

  canvas(): HTMLCanvasElement | undefined {
    return this.plot?.ctx.canvas;
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.names = '';
  }

  protected indexAt(left: number): number | null {
    if (!this.plot || left < 0 || this.model.rows.length === 0) return null;
    const index = Math.round(this.plot.posToVal(left, 'x'));
    return index >= 0 && index < this.model.rows.length ? index : null;
  }

  protected xs(): number[] {
    return this.model.rows.map((_, index) => index);
  }

  /** Options every chart shares: the layer axis, the theme's text and grid, the snapped, synced cursor. */
  protected baseOptions(width: number, height: number, yAxis: uPlot.Axis): Pick<uPlot.Options, 'width' | 'height' | 'axes' | 'cursor' | 'legend' | 'select' | 'padding'> & { scaleX: uPlot.Scale } {
    const theme = this.model.theme;
    const font = canvasFont(theme, 0.9);
    const grid = withAlpha(theme.grid, theme.kind.startsWith('high-contrast') ? 0.7 : 0.45);
    const labels = this.model.rows.map((row) => shorten(row.name, 14));
    const measure = document.createElement('canvas').getContext('2d');
    if (measure) measure.font = font;
    const widest = Math.max(24, ...labels.map((label) => measure?.measureText(label).width ?? label.length * 7));
    return {
      width,
      height,
      padding: [12, 16, 0, 0],
      legend: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      scaleX: { time: false, range: () => [-0.5, Math.max(0.5, this.model.rows.length - 0.5)] },
      cursor: {
        x: true,
        y: false,
        points: { show: false },
        // uPlot swallows a click whose cursor moved since mousedown, as a drag; the snapping
        // below moves it, so let every click through (there is no drag to zoom here).
        drag: { x: false, y: false, setScale: false, click: () => undefined },
        focus: { prox: -1 },
        sync: { key: SYNC_KEY, setSeries: false },
        move: (u, left, top) => {
          const index = this.indexAt(left);
          return [index === null ? left : u.valToPos(index, 'x'), top];
        },
      },
      axes: [
        {
          stroke: theme.muted,
          font,
          space: widest + 14,
          incrs: X_INCREMENTS,
          gap: 4,
          size: 30,
          grid: { show: false },
          ticks: { stroke: grid, width: 1, size: 4 },
          border: { show: true, stroke: grid, width: 1 },
          values: (_u, splits) => splits.map((value) => (Number.isInteger(value) && value >= 0 && value < labels.length ? labels[value] : null)),
        },
        { stroke: theme.muted, font, gap: 6, grid: { stroke: grid, width: 1 }, ticks: { show: false }, ...yAxis },
      ],
    };
  }

  /** Hover handling shared by the charts: a tooltip for the chart under the pointer only (the others follow through the sync). */
  protected cursorHook(u: uPlot): void {
    if (!this.pointerInside) return;
    const left = u.cursor.left ?? -1;
    const rect = u.over.getBoundingClientRect();
    this.events.hover(this.indexAt(left), rect.left + left, rect.top + 4);
  }

  /** The highlighted layer's column, under everything else. */
  protected drawHighlight(u: uPlot): void {
    const index = this.model.highlight;
    if (index === null || index >= this.model.rows.length) return;
    const ctx = u.ctx;
    const step = Math.abs(u.valToPos(1, 'x', true) - u.valToPos(0, 'x', true));
    const x = u.valToPos(index, 'x', true);
    ctx.save();
    ctx.fillStyle = withAlpha(this.model.theme.highlight, 0.16);
    ctx.fillRect(x - step / 2, u.bbox.top, step, u.bbox.height);
    ctx.restore();
  }
}
