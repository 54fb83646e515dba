// The accessible twin of the charts: one focusable row per kernel layer with every figure the
// charts plot; Enter or Space (or a click) on a row shows the layer in the editor. Each row also
// carries the analytic values at full precision as data attributes, for tests.

import { el } from './dom';
import { formatNumber, formatPercent } from './format';
import type { MonteCarloState } from './charts';
import type { LayerRow } from './rows';

export interface TableEvents {
  reveal(index: number): void;
  highlight(index: number | null): void;
}

const attribute = (value: number | undefined): string => (value === undefined ? '' : String(value));

export class LayerTable {
  readonly element: HTMLTableElement;
  private readonly body = el('tbody');
  private readonly caption = el('caption');

  constructor(private readonly events: TableEvents) {
    const col = (text: string, extra: Record<string, string> = {}) => el('th', { scope: 'col', ...extra }, text);
    const group = (text: string) => el('th', { scope: 'colgroup', colspan: 2, class: 'group' }, text);
    const spanning = (text: string, numeric = false) => el('th', { scope: 'col', rowspan: 2, class: numeric ? 'num' : undefined }, text);
    this.element = el('table', { id: 'layers' },
      this.caption,
      el('thead', {},
        el('tr', {},
          spanning('Layer'), spanning('Type'), spanning('Line', true), spanning('Fan in → out', true), spanning('Activation'), spanning('Initializer'),
          group('Activation RMS'), group('Gradient RMS ÷ last'),
          spanning('Dead', true), spanning('Saturated', true),
        ),
        el('tr', {}, col('current', { class: 'num' }), col('recommended', { class: 'num' }), col('current', { class: 'num' }), col('recommended', { class: 'num' })),
      ),
      this.body,
    );
    this.body.addEventListener('click', (event) => {
      const index = this.rowIndex(event.target);
      if (index !== null) this.events.reveal(index);
    });
    this.body.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      const index = this.rowIndex(event.target);
      if (index === null) return;
      event.preventDefault();
      this.events.reveal(index);
    });
    this.body.addEventListener('focusin', (event) => this.events.highlight(this.rowIndex(event.target)));
    this.body.addEventListener('focusout', () => this.events.highlight(null));
  }

  update(modelName: string, rows: readonly LayerRow[], monteCarlo: MonteCarloState, currentLabel: string): void {
    const focused = this.rowIndex(document.activeElement);
    this.caption.textContent = `${modelName}: ${rows.length} kernel layer${rows.length === 1 ? '' : 's'} in forward order. Gradient RMS is relative to the last layer; “current” is ${currentLabel}; dead and saturated units come from the Monte-Carlo passes. Press Enter on a row to show the layer in the editor.`;
    const pending = monteCarlo === 'running' ? '…' : '—';
    this.body.replaceChildren(...rows.map((row) => {
      const mc = row.monteCarlo;
      const num = (text: string) => el('td', { class: 'num' }, text);
      const initializer = el('td', {}, row.initializer.current ?? '—');
      if (row.initializer.recommended && row.initializer.recommended !== row.initializer.current) {
        initializer.append(el('span', { class: 'recommended-init', title: 'recommended' }, ` → ${row.initializer.recommended}`));
      }
      const tr = el('tr', {
        tabindex: 0,
        'data-layer-index': row.index,
        'data-line': row.line,
        'data-gradient-current': attribute(row.gradient.current),
        'data-gradient-recommended': attribute(row.gradient.recommended),
        'data-activation-current': attribute(row.activation.current),
        'data-activation-recommended': attribute(row.activation.recommended),
      },
        el('th', { scope: 'row', class: 'name' }, row.name),
        el('td', {}, row.type),
        num(String(row.line)),
        num(`${row.fanIn} → ${row.fanOut}`),
        el('td', {}, row.activationFunction),
        initializer,
        num(formatNumber(row.activation.current)), num(formatNumber(row.activation.recommended)),
        num(formatNumber(row.gradient.current)), num(formatNumber(row.gradient.recommended)),
        num(mc ? formatPercent(mc.dead.current) : pending), num(mc ? formatPercent(mc.saturated.current) : pending),
      );
      if (row.symmetric) tr.classList.add('symmetric');
      return tr;
    }));
    if (focused !== null && focused < rows.length) (this.body.children[focused] as HTMLElement).focus({ preventScroll: true });
  }

  private rowIndex(target: EventTarget | null): number | null {
    if (!(target instanceof Element)) return null;
    const row = target.closest('tr[data-layer-index]');
    if (!row || !this.body.contains(row)) return null;
    const index = Number(row.getAttribute('data-layer-index'));
    return Number.isInteger(index) ? index : null;
  }
}
