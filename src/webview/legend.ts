// The legend of the RMS charts, as DOM (readable, selectable text) with canvas swatches drawn
// by the same code as the charts; also drawn onto the exported PNG.

import { el } from './dom';
import { drawMarker, drawWhisker, type MarkerShape } from './markers';
import { canvasFont, withAlpha, type Theme } from './theme';

interface LegendEntry {
  label: string;
  draw(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, ratio: number, theme: Theme): void;
}

function lineSwatch(color: (t: Theme) => string, dash: number[], shape: MarkerShape): LegendEntry['draw'] {
  return (ctx, x, y, w, h, ratio, theme) => {
    ctx.strokeStyle = color(theme);
    ctx.lineWidth = 2 * ratio;
    ctx.setLineDash(dash.map((d) => d * ratio));
    ctx.beginPath();
    ctx.moveTo(x, y + h / 2);
    ctx.lineTo(x + w, y + h / 2);
    ctx.stroke();
    drawMarker(ctx, shape, x + w / 2, y + h / 2, 3 * ratio, color(theme), color(theme), ratio);
  };
}

function pointSwatch(color: (t: Theme) => string, shape: MarkerShape): LegendEntry['draw'] {
  return (ctx, x, y, w, h, ratio, theme) => {
    drawWhisker(ctx, x + w / 2, y + 1 * ratio, y + h - 1 * ratio, 3 * ratio, withAlpha(color(theme), 0.8), ratio);
    drawMarker(ctx, shape, x + w / 2, y + h / 2, 4 * ratio, color(theme), theme.background, 1.5 * ratio);
  };
}

const bandSwatch: LegendEntry['draw'] = (ctx, x, y, w, h, ratio, theme) => {
  ctx.fillStyle = withAlpha(theme.band, 0.2);
  ctx.fillRect(x, y + 2 * ratio, w, h - 4 * ratio);
  ctx.strokeStyle = withAlpha(theme.band, 0.7);
  ctx.lineWidth = ratio;
  ctx.setLineDash([2 * ratio, 3 * ratio]);
  ctx.strokeRect(x + 0.5, y + 2 * ratio + 0.5, w - 1, h - 4 * ratio - 1);
};

function entries(currentLabel: string): LegendEntry[] {
  return [
    { label: `${currentLabel}, analytic`, draw: lineSwatch((t) => t.current, [], 'circle') },
    { label: 'Recommended, analytic', draw: lineSwatch((t) => t.recommended, [7, 5], 'square') },
    { label: `${currentLabel}, Monte Carlo mean ± std`, draw: pointSwatch((t) => t.current, 'circle') },
    { label: 'Recommended, Monte Carlo mean ± std', draw: pointSwatch((t) => t.recommended, 'square') },
    { label: 'Healthy range', draw: bandSwatch },
  ];
}

const SWATCH_W = 28;
const SWATCH_H = 14;

export class Legend {
  readonly element = el('ul', { class: 'legend', 'aria-label': 'Legend' });
  private label = '';
  private theme: Theme | undefined;

  update(currentLabel: string, theme: Theme): void {
    if (currentLabel === this.label && theme === this.theme) return;
    this.label = currentLabel;
    this.theme = theme;
    const ratio = window.devicePixelRatio || 1;
    this.element.replaceChildren(...entries(currentLabel).map((entry) => {
      const canvas = el('canvas', { class: 'swatch', width: Math.round(SWATCH_W * ratio), height: Math.round(SWATCH_H * ratio), 'aria-hidden': 'true' });
      canvas.style.width = `${SWATCH_W}px`;
      canvas.style.height = `${SWATCH_H}px`;
      const ctx = canvas.getContext('2d');
      if (ctx) entry.draw(ctx, 0, 0, SWATCH_W * ratio, SWATCH_H * ratio, ratio, theme);
      return el('li', {}, canvas, entry.label);
    }));
  }

  /** Draws the legend in one or more rows at (`x`, `y`) within `width`; returns the height used. */
  paint(ctx: CanvasRenderingContext2D, x: number, y: number, width: number, ratio: number, theme: Theme): number {
    ctx.font = canvasFont(theme, 0.92 * ratio);
    ctx.textBaseline = 'middle';
    const rowHeight = 20 * ratio;
    let cx = x;
    let cy = y;
    for (const entry of entries(this.label)) {
      const itemWidth = (SWATCH_W + 6) * ratio + ctx.measureText(entry.label).width + 18 * ratio;
      if (cx > x && cx + itemWidth > x + width) {
        cx = x;
        cy += rowHeight;
      }
      ctx.save();
      entry.draw(ctx, cx, cy + (rowHeight - SWATCH_H * ratio) / 2, SWATCH_W * ratio, SWATCH_H * ratio, ratio, theme);
      ctx.restore();
      ctx.fillStyle = theme.foreground;
      ctx.fillText(entry.label, cx + (SWATCH_W + 6) * ratio, cy + rowHeight / 2);
      cx += itemWidth;
    }
    return cy + rowHeight - y;
  }
}
