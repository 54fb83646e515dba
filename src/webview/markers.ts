// Canvas drawing shared by the charts, the legend swatches and the PNG export: series differ
// by marker shape and dash as well as colour, so they stay apart in greyscale or for any eye.

export type MarkerShape = 'circle' | 'square' | 'diamond' | 'triangle';

export interface SeriesStyle {
  color: string;
  dash: number[];
  shape: MarkerShape;
}

export function markerPath(shape: MarkerShape, x: number, y: number, r: number): Path2D {
  const path = new Path2D();
  switch (shape) {
    case 'circle':
      path.arc(x, y, r, 0, 2 * Math.PI);
      break;
    case 'square':
      path.rect(x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76);
      break;
    case 'diamond':
      path.moveTo(x, y - r * 1.2);
      path.lineTo(x + r * 1.2, y);
      path.lineTo(x, y + r * 1.2);
      path.lineTo(x - r * 1.2, y);
      path.closePath();
      break;
    case 'triangle':
      path.moveTo(x, y - r * 1.2);
      path.lineTo(x + r * 1.1, y + r * 0.8);
      path.lineTo(x - r * 1.1, y + r * 0.8);
      path.closePath();
      break;
  }
  return path;
}

/** A marker, filled with `fill` (null: hollow, filled with the background so lines do not show through). */
export function drawMarker(ctx: CanvasRenderingContext2D, shape: MarkerShape, x: number, y: number, r: number, stroke: string, fill: string | null, lineWidth: number): void {
  const path = markerPath(shape, x, y, r);
  ctx.setLineDash([]);
  ctx.lineWidth = lineWidth;
  ctx.fillStyle = fill ?? 'transparent';
  if (fill) ctx.fill(path);
  ctx.strokeStyle = stroke;
  ctx.stroke(path);
}

/** A vertical whisker from `y0` to `y1` with end caps. */
export function drawWhisker(ctx: CanvasRenderingContext2D, x: number, y0: number, y1: number, cap: number, color: string, lineWidth: number): void {
  ctx.setLineDash([]);
  ctx.lineWidth = lineWidth;
  ctx.strokeStyle = color;
  ctx.beginPath();
  ctx.moveTo(x, y0);
  ctx.lineTo(x, y1);
  ctx.moveTo(x - cap, y0);
  ctx.lineTo(x + cap, y0);
  ctx.moveTo(x - cap, y1);
  ctx.lineTo(x + cap, y1);
  ctx.stroke();
}

/** A small downward arrow at the bottom of the plot: a value of exactly zero, which a log scale cannot place. */
export function drawZeroMark(ctx: CanvasRenderingContext2D, x: number, bottom: number, size: number, color: string): void {
  ctx.setLineDash([]);
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.moveTo(x - size, bottom - size * 1.6);
  ctx.lineTo(x + size, bottom - size * 1.6);
  ctx.lineTo(x, bottom - size * 0.2);
  ctx.closePath();
  ctx.fill();
}
