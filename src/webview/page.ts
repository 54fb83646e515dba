// The panel page's controller: takes the extension's `document` messages, runs the analytic
// estimate at once, hands the Monte-Carlo passes to the workers, and keeps the header, charts,
// table and controls in step. State lives in this object; the DOM is built once and updated.

import { assumeInputShape, flowVerdict, type ModelFlow } from '../core/simulate';
import type { FromPanel, PanelControls, PanelModel, ToPanel } from '../protocol/panel';
import { FlowCharts, type MonteCarloState } from './charts';
import { ControlBar } from './controls';
import { el } from './dom';
import { composePng } from './export';
import { Legend } from './legend';
import { MONTE_CARLO_PASSES, MonteCarloRunner } from './montecarlo';
import { buildRows, renderedSeries, toCsv, type LayerRow } from './rows';
import { analyticFlows, fitControls, hasRecommendations, kernelLayers, simulationTasks, type FlowPair } from './simulation';
import { normalizeState, type PageState } from './state';
import { LayerTable } from './table';
import { readTheme, themeSignature, watchTheme, type Theme } from './theme';
import { Tooltip } from './tooltip';
import type { VsCodeApi } from './vscode-api';

type DocumentMessage = Extract<ToPanel, { type: 'document' }>;

/** A reason from the core (`the input shape is unknown: …`) as a sentence. */
const sentence = (reason: string): string => `${reason.charAt(0).toUpperCase()}${reason.slice(1)}${/[.!?]$/.test(reason) ? '' : '.'}`;

/** Runs `callback` once the next frame has been painted (or after 250 ms, when the page is hidden and frames stop). */
function afterPaint(callback: () => void): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    callback();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 250);
}

export const MARKS = ['document-received', 'analytic-painted', 'montecarlo-done'] as const;

/** Everything shown for the selected model; replaced as a whole on every run. */
interface Shown {
  model: PanelModel;
  controls: PanelControls;
  analytic: FlowPair;
  monteCarlo?: FlowPair;
  rows: LayerRow[];
}

export class PanelPage {
  private readonly header = el('header', { class: 'page-header' });
  private readonly title = el('h1', { id: 'model-title' });
  private readonly subtitle = el('p', { class: 'subtitle' });
  private readonly verdict = el('p', { id: 'verdict', class: 'verdict', 'aria-live': 'polite' });
  private readonly assumption = el('p', { id: 'assumption', class: 'note assumption', role: 'note' });
  private readonly progress = el('div', { id: 'mc-progress', class: 'progress', role: 'progressbar', 'aria-label': 'Monte-Carlo passes', 'aria-valuemin': 0 });
  private readonly progressFill = el('div', { class: 'progress-fill' });
  private readonly progressLabel = el('span', { class: 'progress-label' });
  private readonly note = el('p', { id: 'mc-note', class: 'note', 'aria-live': 'polite' });
  private readonly empty = el('div', { id: 'empty', class: 'empty-state', role: 'status' });
  private readonly content = el('div', { class: 'content' });
  private readonly legend = new Legend();
  private readonly tooltip = new Tooltip();
  private readonly controlBar: ControlBar;
  private readonly charts: FlowCharts;
  private readonly table: LayerTable;
  private readonly runner: Promise<MonteCarloRunner>;

  private document: DocumentMessage | undefined;
  private documentKey = '';
  private selected = 0;
  private controls: PanelControls;
  /** The selection saved before a reload, applied to the first document only. */
  private restoredSelection: number | undefined;
  private shown: Shown | undefined;
  private monteCarlo: MonteCarloState = 'running';
  private job = 0;
  private theme: Theme;
  private themeKey: string;
  private pendingMarks = { painted: false, monteCarlo: false };

  constructor(private readonly root: HTMLElement, private readonly vscode: VsCodeApi) {
    const state = normalizeState(vscode.getState());
    this.controls = state.controls;
    this.restoredSelection = state.selected;
    this.theme = readTheme();
    this.themeKey = themeSignature(this.theme);
    this.controlBar = new ControlBar({
      controls: (controls) => this.setControls(controls),
      selectModel: (index) => this.selectModel(index),
      applyRecommended: () => this.post({ type: 'applyRecommended', model: this.selected }),
      exportPng: () => this.exportPng(),
      exportCsv: () => this.exportCsv(),
    });
    this.charts = new FlowCharts(this.theme, {
      reveal: (index) => this.reveal(index),
      hover: (index, x, y) => this.hover(index, x, y),
    });
    this.table = new LayerTable({ reveal: (index) => this.reveal(index), highlight: (index) => this.charts.highlight(index) });
    this.progress.append(el('div', { class: 'progress-track' }, this.progressFill), this.progressLabel);
    this.header.append(this.title, this.subtitle);
    this.content.append(
      this.assumption,
      this.verdict,
      this.controlBar.element,
      el('div', { class: 'status-row' }, this.progress, this.note),
      this.legend.element,
      this.charts.element,
      el('div', { class: 'table-wrap' }, this.table.element),
    );
    root.replaceChildren(this.header, this.empty, this.content);
    this.showEmpty('Waiting for the active editor’s models…');
    this.runner = MonteCarloRunner.create(root.dataset.worker);
    this.runner.catch(() => undefined); // reported per job, when a job needs it
    watchTheme(() => this.themeChanged());
  }

  receive(message: ToPanel): void {
    if (message.type === 'reportPerformance') this.reportPerformance();
    else this.showDocument(message);
  }

  private post(message: FromPanel): void {
    this.vscode.postMessage(message);
  }

  private saveState(): void {
    const state: PageState = { controls: this.controls, selected: this.selected };
    this.vscode.setState(state);
  }

  private showDocument(message: DocumentMessage): void {
    // The extension may send the same document twice (on `ready` and when it follows the
    // editor): a repeat must not cancel the Monte-Carlo passes already under way.
    const key = JSON.stringify([message.uri, message.version, message.selected, message.models]);
    if (key === this.documentKey) return;
    this.documentKey = key;
    for (const name of MARKS) performance.clearMarks(name);
    performance.mark('document-received');
    this.pendingMarks = { painted: true, monteCarlo: true };
    this.document = message;
    const count = message.models.length;
    this.selected = Math.min(Math.max(0, message.selected), Math.max(0, count - 1));
    const restored = this.restoredSelection;
    this.restoredSelection = undefined;
    if (restored !== undefined && restored < count && restored !== this.selected) {
      this.selected = restored;
      this.post({ type: 'selectModel', index: restored });
    }
    this.saveState();
    this.run();
  }

  private selectModel(index: number): void {
    if (!this.document || index === this.selected || index < 0 || index >= this.document.models.length) return;
    this.selected = index;
    this.post({ type: 'selectModel', index });
    this.saveState();
    this.run();
  }

  private setControls(controls: PanelControls): void {
    if (JSON.stringify(controls) === JSON.stringify(this.controls)) return;
    this.controls = controls;
    this.saveState();
    this.run();
  }

  /** Simulates the selected model: analytic now, Monte Carlo in the workers. */
  private run(): void {
    this.job++;
    this.shown = undefined;
    this.tooltip.hide();
    // Stop stale passes now, so they do not compete with this run's first paint.
    void this.runner.then((runner) => runner.cancel(), () => undefined);
    const document = this.document;
    const model = document?.models[this.selected];
    if (!document || !model) {
      this.assumption.hidden = true;
      this.setMonteCarlo('skipped', '');
      this.title.textContent = 'Gradient flow';
      this.subtitle.textContent = document?.fileName ?? '';
      this.showEmpty(document?.fileName ? `No model found in ${document.fileName}.` : 'Open a Python file with a model definition to see how its gradients flow.');
      this.postRendered('', []);
      return;
    }
    // Without a declared input shape the plots use a stand-in one, and say which.
    const assumed = assumeInputShape(model.ir);
    const ir = assumed?.model ?? model.ir;
    this.assumption.hidden = !assumed;
    this.assumption.textContent = assumed
      ? `This model's input shape is unknown: assuming (${assumed.shape.join(', ')}${assumed.shape.length === 1 ? ',' : ''}), ${assumed.basis}. Give it ${model.ir.framework === 'tfjs' ? 'tf.input({shape}) or an inputShape' : 'an Input(shape=…) or an input_shape'} for exact figures.`
      : '';
    const controls = fitControls(this.controls, ir);
    const tasks = simulationTasks(ir, controls);
    const analytic = analyticFlows(tasks, controls);
    const canApply = hasRecommendations(ir);
    this.title.textContent = model.name;
    this.controlBar.update(document.models, this.selected, kernelLayers(ir), controls, canApply);
    if (analytic.current.notSimulated) {
      this.setMonteCarlo('skipped', '');
      this.subtitle.textContent = `${document.fileName} · ${model.place ?? `line ${model.line}`}`;
      this.showEmpty(`This model cannot be simulated. ${sentence(analytic.current.notSimulated)}`);
      this.content.hidden = false;
      this.content.classList.add('not-simulated');
      this.postRendered(model.name, []);
      return;
    }
    this.shown = { model, controls, analytic, rows: buildRows(model, analytic) };
    this.subtitle.textContent = `${document.fileName} · ${model.place ?? `line ${model.line}`} · ${model.ir.framework} · ${analytic.current.layers.length} kernel layer${analytic.current.layers.length === 1 ? '' : 's'}`;
    const sameSeries = controls.whatIf === '' && !canApply;
    const monteCarloTasks = sameSeries ? tasks.slice(0, 1) : tasks;
    this.setMonteCarlo('running', '');
    this.setProgress(0, monteCarloTasks.length * MONTE_CARLO_PASSES);
    this.paint();
    // uPlot draws in a microtask after setData; the frame after that is the first paint. The
    // workers start only then: on a two-core machine they would otherwise delay that paint.
    const job = this.job;
    afterPaint(() => {
      if (this.pendingMarks.painted) {
        this.pendingMarks.painted = false;
        performance.mark('analytic-painted');
      }
      if (job === this.job) this.startMonteCarlo(monteCarloTasks, controls, sameSeries);
    });
  }

  private startMonteCarlo(tasks: ReturnType<typeof simulationTasks>, controls: PanelControls, sameSeries: boolean): void {
    const job = this.job;
    this.runner.then(
      (runner) => {
        if (job !== this.job) return;
        runner.run(tasks, { seed: controls.seed, batch: controls.batch, maxWidth: controls.maxWidth }, {
          progress: (done, total) => job === this.job && this.setProgress(done, total),
          done: (flows) => job === this.job && this.monteCarloDone(flows.current, sameSeries ? flows.current : flows.recommended, tasks.length),
          failed: (message) => {
            if (job !== this.job) return;
            this.post({ type: 'log', message: `Monte Carlo failed: ${message}` });
            this.monteCarloUnavailable(`Monte Carlo failed (${message}): showing the analytic estimate only.`);
          },
        });
      },
      (error: unknown) => {
        if (job !== this.job) return;
        const reason = error instanceof Error ? error.message : String(error);
        this.monteCarloUnavailable(`Monte Carlo is unavailable (${reason}): showing the analytic estimate only.`);
      },
    );
  }

  private monteCarloDone(current: ModelFlow, recommended: ModelFlow, series: number): void {
    const shown = this.shown;
    if (!shown) return;
    const skipped = current.monteCarloSkipped ?? recommended.monteCarloSkipped;
    if (skipped) {
      this.setMonteCarlo('skipped', sentence(skipped));
    } else {
      shown.monteCarlo = { current, recommended };
      shown.rows = buildRows(shown.model, shown.analytic, shown.monteCarlo);
      const { seed, batch, maxWidth } = shown.controls;
      this.setMonteCarlo('done', `Monte Carlo: ${MONTE_CARLO_PASSES} passes${series > 1 ? ' per series' : ''} (seeds ${seed}–${seed + MONTE_CARLO_PASSES - 1}), batch ${batch}, width cap ${maxWidth}.`);
    }
    this.paint();
    if (!skipped && this.pendingMarks.monteCarlo) {
      this.pendingMarks.monteCarlo = false;
      performance.mark('montecarlo-done');
    }
  }

  private monteCarloUnavailable(note: string): void {
    this.setMonteCarlo('unavailable', note);
    if (this.shown) this.paint();
  }

  private setMonteCarlo(state: MonteCarloState, note: string): void {
    this.monteCarlo = state;
    this.root.dataset.monteCarlo = state;
    this.progress.hidden = state !== 'running';
    this.note.textContent = note;
    this.note.hidden = note === '';
  }

  private setProgress(done: number, total: number): void {
    this.progress.setAttribute('aria-valuemax', String(total));
    this.progress.setAttribute('aria-valuenow', String(done));
    this.progress.setAttribute('aria-valuetext', `${done} of ${total} passes`);
    this.progressLabel.textContent = `Monte Carlo ${done}/${total}`;
    this.progressFill.style.width = `${total > 0 ? (100 * done) / total : 0}%`;
  }

  private currentLabel(shown: Shown): string {
    const { whatIf, whatIfLayer } = shown.controls;
    if (!whatIf) return 'Current';
    const layer = whatIfLayer === -1 ? undefined : shown.model.ir.layers[whatIfLayer]?.name;
    return `What-if ${whatIf}${layer === undefined ? '' : ` on ${layer}`}`;
  }

  /** Draws what `shown` holds into the page. */
  private paint(): void {
    const shown = this.shown;
    if (!shown) return;
    this.empty.hidden = true;
    this.content.hidden = false;
    this.content.classList.remove('not-simulated');
    const { analytic, rows } = shown;
    const verdict = flowVerdict(analytic.current, analytic.recommended);
    this.verdict.textContent = verdict;
    const ratio = analytic.current.gradientRatio?.analytic;
    const unhealthy = rows.some((row) => row.symmetric) || (ratio !== undefined && !(ratio >= 1e-2 && ratio <= 1e2));
    this.verdict.dataset.severity = unhealthy ? 'warning' : 'ok';
    const label = this.currentLabel(shown);
    this.legend.update(label, this.theme);
    this.charts.update(rows, this.monteCarlo);
    this.table.update(shown.model.name, rows, this.monteCarlo, label === 'Current' ? 'the file’s initializers' : label);
    this.controlBar.setExportsEnabled(rows.length > 0);
    this.postRendered(shown.model.name, rows);
  }

  private showEmpty(text: string): void {
    this.empty.textContent = text;
    this.empty.hidden = false;
    this.content.hidden = true;
    // No stale layers may linger in the (hidden) table or charts.
    this.table.update('', [], 'skipped', '');
    this.charts.update([], 'skipped');
    this.controlBar.setExportsEnabled(false);
    this.root.dataset.monteCarlo = 'none';
  }

  private postRendered(model: string, rows: readonly LayerRow[]): void {
    this.post({ type: 'rendered', model, layers: rows.map((row) => row.name), series: renderedSeries(rows), monteCarlo: this.monteCarlo === 'done' && rows.length > 0 && rows.every((row) => row.monteCarlo) });
  }

  private reveal(index: number): void {
    const shown = this.shown;
    const row = shown?.rows[index];
    const line = row ? shown.model.layerLines[row.layerIndex] : undefined;
    if (line !== undefined && line >= 1) this.post({ type: 'reveal', line });
  }

  private hover(index: number | null, x: number, y: number): void {
    const row = index === null ? undefined : this.shown?.rows[index];
    if (!row || !this.shown) {
      this.tooltip.hide();
      return;
    }
    this.tooltip.show(x, y, row, this.currentLabel(this.shown).toLowerCase(), this.monteCarlo === 'running');
  }

  private themeChanged(): void {
    const theme = readTheme();
    const key = themeSignature(theme);
    if (key === this.themeKey) return;
    this.theme = theme;
    this.themeKey = key;
    this.charts.setTheme(theme);
    if (this.shown) this.legend.update(this.currentLabel(this.shown), theme);
  }

  private exportPng(): void {
    const shown = this.shown;
    if (!shown) return;
    try {
      const data = composePng(`${shown.model.name} — gradient flow`, this.verdict.textContent ?? '', this.legend, this.charts.canvases(), this.theme);
      this.post({ type: 'export', format: 'png', data });
    } catch (error) {
      this.post({ type: 'log', message: `PNG export failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private exportCsv(): void {
    const shown = this.shown;
    if (shown) this.post({ type: 'export', format: 'csv', data: toCsv(shown.model, shown.rows) });
  }

  private reportPerformance(): void {
    const marks: Record<string, number> = {};
    for (const name of MARKS) {
      const entry = performance.getEntriesByName(name, 'mark').at(-1);
      if (entry) marks[name] = entry.startTime;
    }
    const received = marks['document-received'];
    if (received !== undefined && marks['analytic-painted'] !== undefined) marks.analyticMs = marks['analytic-painted'] - received;
    if (received !== undefined && marks['montecarlo-done'] !== undefined) marks.monteCarloMs = marks['montecarlo-done'] - received;
    this.post({ type: 'performance', marks });
  }
}
