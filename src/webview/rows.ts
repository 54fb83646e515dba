// One row per kernel layer: what the charts, the table, the tooltip, the CSV export and the
// `rendered` message all read, so they can never disagree.

import type { LayerFlow, Spread } from '../core/simulate';
import type { PanelModel } from '../protocol/panel';
import type { FlowPair } from './simulation';

export interface Pair<T> {
  current: T;
  recommended: T;
}

export interface MonteCarloRow {
  /** Relative to the last kernel layer's mean, like the analytic gradient. */
  gradient: Pair<Spread | undefined>;
  gradientAbsolute: Pair<Spread | undefined>;
  activation: Pair<Spread | undefined>;
  dead: Pair<number | undefined>;
  saturated: Pair<number | undefined>;
}

export interface LayerRow {
  /** Position among the kernel layers: the charts' x. */
  index: number;
  /** Index into the model's layers. */
  layerIndex: number;
  name: string;
  type: string;
  /** 1-based source line. */
  line: number;
  fanIn: number;
  fanOut: number;
  activationFunction: string;
  initializer: Pair<string | undefined>;
  /** Analytic gradient RMS over the last kernel layer's. */
  gradient: Pair<number | undefined>;
  gradientAbsolute: Pair<number | undefined>;
  activation: Pair<number | undefined>;
  symmetric: boolean;
  monteCarlo?: MonteCarloRow;
}

/** `value / last`; a zero gradient stays zero even when the last layer's is zero too (a zero kernel there). */
const relative = (value: number, last: number): number => (value === 0 ? 0 : last === 0 ? Infinity : value / last);

function relativeSpread(spread: Spread | undefined, last: Spread | undefined): Spread | undefined {
  if (!spread || !last) return undefined;
  return { mean: relative(spread.mean, last.mean), std: last.mean === 0 ? (spread.std === 0 ? 0 : Infinity) : spread.std / last.mean };
}

function monteCarloRow(current: LayerFlow, recommended: LayerFlow | undefined, lastCurrent: LayerFlow, lastRecommended: LayerFlow | undefined): MonteCarloRow | undefined {
  const c = current.monteCarlo;
  const r = recommended?.monteCarlo;
  if (!c && !r) return undefined;
  return {
    gradient: { current: relativeSpread(c?.gradientRms, lastCurrent.monteCarlo?.gradientRms), recommended: relativeSpread(r?.gradientRms, lastRecommended?.monteCarlo?.gradientRms) },
    gradientAbsolute: { current: c?.gradientRms, recommended: r?.gradientRms },
    activation: { current: c?.activationRms, recommended: r?.activationRms },
    dead: { current: c?.deadFraction, recommended: r?.deadFraction },
    saturated: { current: c?.saturatedFraction, recommended: r?.saturatedFraction },
  };
}

/** The rows of `analytic`, with the Monte-Carlo figures of `monteCarlo` when they have arrived. */
export function buildRows(model: PanelModel, analytic: FlowPair, monteCarlo?: FlowPair): LayerRow[] {
  const current = analytic.current.layers;
  const recommended = analytic.recommended.layers.length === current.length ? analytic.recommended.layers : [];
  const mcCurrent = monteCarlo?.current.layers.length === current.length ? monteCarlo.current.layers : undefined;
  const mcRecommended = monteCarlo?.recommended.layers.length === current.length ? monteCarlo.recommended.layers : undefined;
  const lastCurrent = current[current.length - 1];
  const lastRecommended = recommended[recommended.length - 1];
  return current.map((layer, index): LayerRow => {
    const rec = recommended[index] as LayerFlow | undefined;
    const mc = mcCurrent ? monteCarloRow(mcCurrent[index], mcRecommended?.[index], mcCurrent[mcCurrent.length - 1], mcRecommended?.[mcRecommended.length - 1]) : undefined;
    return {
      index,
      layerIndex: layer.layerIndex,
      name: layer.name,
      type: layer.type,
      line: model.layerLines[layer.layerIndex] ?? model.line,
      fanIn: layer.fanIn,
      fanOut: layer.fanOut,
      activationFunction: layer.activation,
      initializer: { current: layer.initializer.name, recommended: rec?.initializer.name },
      gradient: { current: relative(layer.analytic.gradientRms, lastCurrent.analytic.gradientRms), recommended: rec && relative(rec.analytic.gradientRms, lastRecommended.analytic.gradientRms) },
      gradientAbsolute: { current: layer.analytic.gradientRms, recommended: rec?.analytic.gradientRms },
      activation: { current: layer.analytic.activationRms, recommended: rec?.analytic.activationRms },
      symmetric: layer.analytic.symmetric,
      ...(mc ? { monteCarlo: mc } : {}),
    };
  });
}

const finiteOrNull = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) ? value : null);

/** The `rendered` message's series: one value per kernel layer, `null` where there is no finite number. */
export function renderedSeries(rows: readonly LayerRow[]): Record<string, (number | null)[]> {
  const series: Record<string, (number | null)[]> = {
    gradientCurrent: rows.map((row) => finiteOrNull(row.gradient.current)),
    gradientRecommended: rows.map((row) => finiteOrNull(row.gradient.recommended)),
    activationCurrent: rows.map((row) => finiteOrNull(row.activation.current)),
    activationRecommended: rows.map((row) => finiteOrNull(row.activation.recommended)),
  };
  if (rows.length > 0 && rows.every((row) => row.monteCarlo)) {
    const mc = (pick: (m: MonteCarloRow) => number | undefined) => rows.map((row) => finiteOrNull(pick(row.monteCarlo!)));
    Object.assign(series, {
      gradientCurrentMC: mc((m) => m.gradient.current?.mean),
      gradientCurrentMCStd: mc((m) => m.gradient.current?.std),
      gradientRecommendedMC: mc((m) => m.gradient.recommended?.mean),
      gradientRecommendedMCStd: mc((m) => m.gradient.recommended?.std),
      activationCurrentMC: mc((m) => m.activation.current?.mean),
      activationCurrentMCStd: mc((m) => m.activation.current?.std),
      activationRecommendedMC: mc((m) => m.activation.recommended?.mean),
      activationRecommendedMCStd: mc((m) => m.activation.recommended?.std),
      deadCurrentMC: mc((m) => m.dead.current),
      saturatedCurrentMC: mc((m) => m.saturated.current),
      deadRecommendedMC: mc((m) => m.dead.recommended),
      saturatedRecommendedMC: mc((m) => m.saturated.recommended),
    });
  }
  return series;
}

/** A CSV field; text that a spreadsheet would run as a formula (layer names are the user's) is prefixed with `'`. */
function csvField(value: string | number | undefined): string {
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line per kernel layer with every number the panel has for it. */
export function toCsv(model: PanelModel, rows: readonly LayerRow[]): string {
  const columns: [string, (row: LayerRow) => string | number | undefined][] = [
    ['model', () => model.name],
    ['index', (r) => r.index],
    ['layer', (r) => r.name],
    ['type', (r) => r.type],
    ['line', (r) => r.line],
    ['fan_in', (r) => r.fanIn],
    ['fan_out', (r) => r.fanOut],
    ['activation', (r) => r.activationFunction],
    ['initializer_current', (r) => r.initializer.current],
    ['initializer_recommended', (r) => r.initializer.recommended],
    ['symmetric', (r) => String(r.symmetric)],
    ['activation_rms_current', (r) => r.activation.current],
    ['activation_rms_recommended', (r) => r.activation.recommended],
    ['gradient_rms_current', (r) => r.gradientAbsolute.current],
    ['gradient_rms_recommended', (r) => r.gradientAbsolute.recommended],
    ['gradient_rms_rel_last_current', (r) => r.gradient.current],
    ['gradient_rms_rel_last_recommended', (r) => r.gradient.recommended],
    ['mc_activation_rms_current_mean', (r) => r.monteCarlo?.activation.current?.mean],
    ['mc_activation_rms_current_std', (r) => r.monteCarlo?.activation.current?.std],
    ['mc_activation_rms_recommended_mean', (r) => r.monteCarlo?.activation.recommended?.mean],
    ['mc_activation_rms_recommended_std', (r) => r.monteCarlo?.activation.recommended?.std],
    ['mc_gradient_rms_current_mean', (r) => r.monteCarlo?.gradientAbsolute.current?.mean],
    ['mc_gradient_rms_current_std', (r) => r.monteCarlo?.gradientAbsolute.current?.std],
    ['mc_gradient_rms_recommended_mean', (r) => r.monteCarlo?.gradientAbsolute.recommended?.mean],
    ['mc_gradient_rms_recommended_std', (r) => r.monteCarlo?.gradientAbsolute.recommended?.std],
    ['mc_dead_fraction_current', (r) => r.monteCarlo?.dead.current],
    ['mc_saturated_fraction_current', (r) => r.monteCarlo?.saturated.current],
    ['mc_dead_fraction_recommended', (r) => r.monteCarlo?.dead.recommended],
    ['mc_saturated_fraction_recommended', (r) => r.monteCarlo?.saturated.recommended],
  ];
  const lines = [columns.map(([name]) => name).join(',')];
  for (const row of rows) lines.push(columns.map(([, pick]) => csvField(pick(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
