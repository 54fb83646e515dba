// The hover card of a chart: one kernel layer's facts and figures, as text nodes only.

import { el } from './dom';
import { formatNumber, formatPercent } from './format';
import type { LayerRow, Pair } from './rows';
import type { Spread } from '../core/simulate';

const ZERO_NOTE = '0 (not drawn: a log scale has no zero)';

function analyticText(value: number | undefined): string {
  return value === 0 ? ZERO_NOTE : formatNumber(value);
}

function spreadText(spread: Spread | undefined, pending: boolean): string {
  if (!spread) return pending ? 'running…' : '—';
  if (spread.mean === 0) return ZERO_NOTE;
  return `${formatNumber(spread.mean)} ± ${formatNumber(spread.std)}`;
}

export class Tooltip {
  readonly element = el('div', { class: 'tooltip', role: 'tooltip', id: 'chart-tooltip' });

  constructor() {
    this.element.hidden = true;
  }

  /** Shows `row` beside the viewport point (`x`, `y`), on whichever side has room. */
  show(x: number, y: number, row: LayerRow, currentLabel: string, monteCarloPending: boolean): void {
    const mc = row.monteCarlo;
    const pair = (label: string, values: Pair<string>) => el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, values.current), el('td', {}, values.recommended));
    const initializer = row.initializer.recommended && row.initializer.recommended !== row.initializer.current
      ? `${row.initializer.current ?? '?'} (recommended: ${row.initializer.recommended})`
      : (row.initializer.current ?? '?');
    this.element.replaceChildren(
      el('div', { class: 'tooltip-title' }, row.name),
      el('div', { class: 'tooltip-meta' }, `${row.type} · line ${row.line} · fan ${row.fanIn} → ${row.fanOut}`),
      el('div', { class: 'tooltip-meta' }, `${row.activationFunction} · ${initializer}`),
      el('table', {},
        el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', { scope: 'col' }, currentLabel), el('th', { scope: 'col' }, 'recommended'))),
        el('tbody', {},
          pair('Gradient ÷ last, analytic', { current: analyticText(row.gradient.current), recommended: analyticText(row.gradient.recommended) }),
          pair('Gradient ÷ last, Monte Carlo', { current: spreadText(mc?.gradient.current, monteCarloPending), recommended: spreadText(mc?.gradient.recommended, monteCarloPending) }),
          pair('Activation RMS, analytic', { current: analyticText(row.activation.current), recommended: analyticText(row.activation.recommended) }),
          pair('Activation RMS, Monte Carlo', { current: spreadText(mc?.activation.current, monteCarloPending), recommended: spreadText(mc?.activation.recommended, monteCarloPending) }),
          pair('Dead ReLU units', { current: formatPercent(mc?.dead.current), recommended: formatPercent(mc?.dead.recommended) }),
          pair('Saturated units', { current: formatPercent(mc?.saturated.current), recommended: formatPercent(mc?.saturated.recommended) }),
        ),
      ),
      ...(row.symmetric ? [el('div', { class: 'tooltip-note' }, 'Every unit starts identical (a zero or constant kernel).')] : []),
      el('div', { class: 'tooltip-hint' }, 'Click to show the layer in the editor'),
    );
    if (!this.element.isConnected) document.body.append(this.element);
    this.element.hidden = false;
    const { offsetWidth: width, offsetHeight: height } = this.element;
    const margin = 8;
    let left = x + 16;
    if (left + width > window.innerWidth - margin) left = x - 16 - width >= margin ? x - 16 - width : window.innerWidth - margin - width;
    this.element.style.left = `${Math.max(margin, left)}px`;
    this.element.style.top = `${Math.max(margin, Math.min(y, window.innerHeight - margin - height))}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
