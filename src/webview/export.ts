// "Export PNG": the legend and the chart canvases composed onto one canvas, with the model's
// name and the verdict on top, at the screen's pixel ratio.

import { canvasFont, type Theme } from './theme';
import type { Legend } from './legend';

function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(candidate).width > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export function composePng(title: string, verdict: string, legend: Legend, charts: { title: string; canvas: HTMLCanvasElement }[], theme: Theme): string {
  const ratio = window.devicePixelRatio || 1;
  const pad = 16 * ratio;
  const width = Math.max(...charts.map((chart) => chart.canvas.width), 480 * ratio) + 2 * pad;
  const inner = width - 2 * pad;
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context for the export');
  // Measure with the fonts used, then size the canvas, then draw (resizing clears it).
  ctx.font = canvasFont(theme, 0.95 * ratio);
  const verdictLines = wrap(ctx, verdict, inner);
  const titleHeight = 24 * ratio;
  const lineHeight = 18 * ratio;
  const chartTitleHeight = 22 * ratio;
  const scratch = document.createElement('canvas').getContext('2d')!;
  const legendHeight = legend.paint(scratch, 0, 0, inner, ratio, theme);
  out.width = width;
  out.height = Math.ceil(pad + titleHeight + verdictLines.length * lineHeight + 8 * ratio + legendHeight + charts.reduce((sum, chart) => sum + chartTitleHeight + chart.canvas.height + 8 * ratio, 0) + pad);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, out.width, out.height);
  let y = pad;
  ctx.fillStyle = theme.foreground;
  ctx.textBaseline = 'top';
  ctx.font = canvasFont(theme, 1.25 * ratio, '600');
  ctx.fillText(title, pad, y);
  y += titleHeight;
  ctx.font = canvasFont(theme, 0.95 * ratio);
  for (const line of verdictLines) {
    ctx.fillText(line, pad, y);
    y += lineHeight;
  }
  y += 8 * ratio;
  y += legend.paint(ctx, pad, y, inner, ratio, theme);
  for (const chart of charts) {
    ctx.fillStyle = theme.foreground;
    ctx.textBaseline = 'top';
    ctx.font = canvasFont(theme, 1 * ratio, '600');
    ctx.fillText(chart.title, pad, y + 4 * ratio);
    y += chartTitleHeight;
    ctx.drawImage(chart.canvas, pad, y);
    y += chart.canvas.height + 8 * ratio;
  }
  return out.toDataURL('image/png');
}
