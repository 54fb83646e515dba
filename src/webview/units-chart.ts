// Dead-ReLU and saturated-unit fractions per layer, from the Monte-Carlo passes.

import uPlot from 'uplot';
import { LayerChart, type ChartEvents, type ChartModel, type MonteCarloState } from './chart-base';
import { el } from './dom';
import { withAlpha } from './theme';

const UNITS_HEIGHT = 170;

/** Dead-ReLU and saturated-unit fractions per layer (current initializers, Monte Carlo), as grouped bars. */
export class UnitsChart extends LayerChart {
  private readonly overlay = el('div', { class: 'chart-overlay' });

  constructor(events: ChartEvents, model: ChartModel) {
    super('units', 'Dead and saturated units', 'Monte Carlo, current initializers: ReLU units that output zero for the whole batch (filled); tanh/sigmoid units whose slope is under a tenth of its peak (outlined).', events, model);
    this.host.append(this.overlay);
  }

  override update(model: ChartModel): void {
    super.update(model);
    const waiting: Record<MonteCarloState, string> = {
      running: 'Waiting for the Monte-Carlo passes…',
      done: '',
      unavailable: 'Needs the Monte-Carlo passes, which are not available here.',
      skipped: 'Monte Carlo was skipped for this model.',
    };
    const fractions = model.rows.flatMap((row) => [row.monteCarlo?.dead.current ?? 0, row.monteCarlo?.saturated.current ?? 0]);
    const negligible = model.monteCarlo === 'done' && fractions.every((fraction) => fraction < 0.01);
    const text = model.rows.length === 0 ? '' : negligible ? 'Under 1 % in every layer.' : waiting[model.monteCarlo];
    this.overlay.textContent = text;
    this.overlay.hidden = text === '';
    if (this.overlay.parentElement !== this.host) this.host.append(this.overlay);
  }

  protected data(): uPlot.AlignedData {
    const percent = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) ? value * 100 : null);
    return [this.xs(), this.model.rows.map((row) => percent(row.monteCarlo?.dead.current)), this.model.rows.map((row) => percent(row.monteCarlo?.saturated.current))];
  }

  protected options(width: number): uPlot.Options {
    const theme = this.model.theme;
    const { scaleX, ...base } = this.baseOptions(width, UNITS_HEIGHT, {
      size: 52,
      space: 28,
      values: (_u, splits) => splits.map((v) => `${v} %`),
    });
    const bars = uPlot.paths.bars!;
    return {
      ...base,
      scales: { x: scaleX, y: { range: [0, 100] } },
      series: [
        {},
        { label: 'Dead ReLU units', stroke: theme.dead, fill: withAlpha(theme.dead, 0.85), width: 1, paths: bars({ align: -1, size: [0.4, 22, 1] }), points: { show: false } },
        { label: 'Saturated units', stroke: theme.saturated, fill: withAlpha(theme.saturated, 0.22), width: 1.5, paths: bars({ align: 1, size: [0.4, 22, 1] }), points: { show: false } },
      ],
      hooks: {
        drawClear: [(u) => this.drawHighlight(u)],
        setCursor: [(u) => this.cursorHook(u)],
      },
    };
  }
}
