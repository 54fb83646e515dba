// The control bar: model, simulation settings, the what-if initializer, and the actions. Every
// control is a labelled native element, so it works from the keyboard and with a screen reader.

import { DEFAULT_CONTROLS, type PanelControls, type PanelModel } from '../protocol/panel';
import { el, select, setOptions } from './dom';
import { shorten } from './format';
import { BATCH_SIZES, MAX_SEED, normalizeSeed, WHAT_IF_INITIALIZERS, WIDTH_CAPS } from './state';

export interface ControlEvents {
  controls(controls: PanelControls): void;
  selectModel(index: number): void;
  applyRecommended(): void;
  exportPng(): void;
  exportCsv(): void;
}

const field = (label: string, control: HTMLElement, id: string, hint?: string): HTMLElement =>
  el('div', { class: 'field' }, el('label', { for: id }, label), control, ...(hint ? [el('span', { class: 'visually-hidden', id: `${id}-hint` }, hint)] : []));

export class ControlBar {
  readonly element: HTMLElement;
  private readonly model = select('model-select', [], '');
  private readonly modelField: HTMLElement;
  private readonly seed = el('input', { id: 'seed', type: 'number', min: 0, max: MAX_SEED, step: 1, inputmode: 'numeric', 'aria-describedby': 'seed-hint' });
  private readonly batch = select('batch', BATCH_SIZES.map((n) => [String(n), String(n)] as const), String(DEFAULT_CONTROLS.batch));
  private readonly width = select('width-cap', WIDTH_CAPS.map((n) => [String(n), String(n)] as const), String(DEFAULT_CONTROLS.maxWidth));
  private readonly whatIf = select('what-if', [['', 'file’s own'], ...WHAT_IF_INITIALIZERS.map((name) => [name, name] as const)], '');
  private readonly scope = select('what-if-scope', [['-1', 'all layers']], '-1');
  private readonly apply = el('button', { id: 'apply-recommended', type: 'button', class: 'primary' }, 'Apply recommended initializers');
  private readonly png = el('button', { id: 'export-png', type: 'button', class: 'secondary' }, 'Export PNG');
  private readonly csv = el('button', { id: 'export-csv', type: 'button', class: 'secondary' }, 'Export CSV');
  private current: PanelControls | undefined;
  private seedTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly events: ControlEvents) {
    this.modelField = field('Model', this.model, 'model-select');
    this.element = el('section', { class: 'controls', 'aria-label': 'Simulation controls' },
      el('div', { class: 'control-group' },
        this.modelField,
        field('Seed', this.seed, 'seed', 'Seed of the first Monte-Carlo pass; pass k uses seed + k.'),
        field('Batch', this.batch, 'batch'),
        field('Width cap', this.width, 'width-cap', 'Wider layers are simulated at this width, with the variance rescaled.'),
        field('What if', this.whatIf, 'what-if', 'Replaces the kernel initializer of the current series.'),
        field('Apply to', this.scope, 'what-if-scope'),
      ),
      el('div', { class: 'control-group actions' }, this.apply, this.png, this.csv),
    );
    this.width.setAttribute('aria-describedby', 'width-cap-hint');
    this.whatIf.setAttribute('aria-describedby', 'what-if-hint');
    this.model.addEventListener('change', () => this.events.selectModel(Number(this.model.value)));
    this.seed.addEventListener('input', () => {
      clearTimeout(this.seedTimer);
      this.seedTimer = setTimeout(() => this.commitSeed(false), 250);
    });
    this.seed.addEventListener('change', () => this.commitSeed(true));
    for (const control of [this.batch, this.width, this.whatIf, this.scope]) control.addEventListener('change', () => this.emit());
    this.apply.addEventListener('click', () => this.events.applyRecommended());
    this.png.addEventListener('click', () => this.events.exportPng());
    this.csv.addEventListener('click', () => this.events.exportCsv());
  }

  /** Shows `controls` for `models[selected]`, whose kernel layers are the what-if scopes. */
  update(models: readonly PanelModel[], selected: number, kernelLayers: readonly { layerIndex: number; name: string }[], controls: PanelControls, canApply: boolean): void {
    this.current = controls;
    this.modelField.hidden = models.length < 2;
    setOptions(this.model, models.map((model, index) => [String(index), `${shorten(model.name, 40)} (${model.place ?? `line ${model.line}`})`] as const), String(selected));
    if (document.activeElement !== this.seed) this.seed.value = String(controls.seed);
    this.batch.value = String(controls.batch);
    this.width.value = String(controls.maxWidth);
    this.whatIf.value = controls.whatIf;
    setOptions(this.scope, [['-1', 'all layers'], ...kernelLayers.map((layer) => [String(layer.layerIndex), shorten(layer.name, 32)] as const)], String(controls.whatIfLayer));
    this.scope.disabled = controls.whatIf === '';
    this.apply.disabled = !canApply;
    this.apply.title = canApply ? 'Rewrite the initializers in the file as the rules recommend' : 'The initializers already fit their activations';
  }

  setExportsEnabled(enabled: boolean): void {
    this.png.disabled = !enabled;
    this.csv.disabled = !enabled;
  }

  private commitSeed(normalize: boolean): void {
    clearTimeout(this.seedTimer);
    const seed = normalizeSeed(Number(this.seed.value));
    if (normalize || String(seed) === this.seed.value) {
      if (normalize) this.seed.value = String(seed);
      this.emit();
    }
  }

  private emit(): void {
    if (!this.current) return;
    const seed = normalizeSeed(Number(this.seed.value));
    this.events.controls({
      seed: String(seed) === this.seed.value.trim() ? seed : this.current.seed,
      batch: Number(this.batch.value),
      maxWidth: Number(this.width.value),
      whatIf: this.whatIf.value,
      whatIfLayer: Number(this.scope.value),
    });
  }
}
