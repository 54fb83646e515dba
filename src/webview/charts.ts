// The panel's three charts as one unit: gradient RMS and activation RMS on log scales, and
// the dead/saturated unit fractions; resized with the panel, re-themed with VS Code.

import type { ChartEvents, ChartModel, LayerChart, MonteCarloState } from './chart-base';
import { el } from './dom';
import { LogChart, METRICS } from './log-chart';
import type { LayerRow } from './rows';
import type { Theme } from './theme';
import { UnitsChart } from './units-chart';

export type { ChartEvents, MonteCarloState };

/** The charts of one model, rebuilt when the layers or the theme change and otherwise fed new data. */
export class FlowCharts {
  readonly element = el('section', { class: 'charts', 'aria-label': 'Charts' });
  private readonly charts: LayerChart[];
  private model: ChartModel;
  private readonly resizer: ResizeObserver;
  private frame = 0;

  constructor(theme: Theme, events: ChartEvents) {
    this.model = { rows: [], monteCarlo: 'running', highlight: null, theme };
    this.charts = [...METRICS.map((metric) => new LogChart(metric, events, this.model)), new UnitsChart(events, this.model)];
    this.element.append(...this.charts.map((chart) => chart.figure));
    this.resizer = new ResizeObserver(() => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.charts.forEach((chart) => chart.resize()));
    });
    this.resizer.observe(this.element);
  }

  /** Draws `rows`; the element must be in the document (uPlot measures it). */
  update(rows: LayerRow[], monteCarlo: MonteCarloState): void {
    this.model = { ...this.model, rows, monteCarlo };
    for (const chart of this.charts) chart.update(this.model);
  }

  setTheme(theme: Theme): void {
    this.model = { ...this.model, theme };
    for (const chart of this.charts) chart.refresh(this.model, true);
  }

  highlight(index: number | null): void {
    if (index === this.model.highlight) return;
    this.model = { ...this.model, highlight: index };
    for (const chart of this.charts) chart.refresh(this.model, false);
  }

  /** Each chart's title and canvas, for the PNG export. */
  canvases(): { title: string; canvas: HTMLCanvasElement }[] {
    return this.charts.flatMap((chart) => {
      const canvas = chart.canvas();
      return canvas ? [{ title: chart.title, canvas }] : [];
    });
  }

  destroy(): void {
    this.resizer.disconnect();
    for (const chart of this.charts) chart.destroy();
  }
}
