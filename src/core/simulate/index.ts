// The gradient-flow engine (DESIGN.md, "Gradient-flow simulation"): a model in, per kernel
// layer the activation and gradient scale from the mean-field estimate and from seeded
// Monte-Carlo passes. Pure and deterministic for a given seed.

import { misfit, recommendedInitializer, scaleFamily } from '../catalog/fit';
import { kerasSpec, type InitializerSpec } from '../catalog/initializers';
import type { ModelIR, Span } from '../ir';
import { activationToFit } from '../rules/graph';
import { analyticEstimate, type AnalyticLayer } from './analytic';
import { monteCarloEstimate, type MonteCarloLayer } from './monte-carlo';
import { lowerModel, NotSimulated } from './network';

export { fillNormal, sampleKernel, sampleMatrix, seededRng, type Rng } from './random';
export type { AnalyticLayer } from './analytic';
export type { MonteCarloLayer, Spread } from './monte-carlo';

export { flowVerdict, powerOfTen } from './verdict';
export { assumeInputShape, type AssumedInput } from './assumed-input';

export type InitChoice = 'current' | 'recommended';

export interface SimulateOptions {
  /** Seed of the first Monte-Carlo pass; pass k uses seed + k. */
  seed?: number;
  batch?: number;
  /** Monte-Carlo passes (seeds). */
  passes?: number;
  /** Layers wider than this are simulated at this width (see monte-carlo.ts). */
  maxWidth?: number;
  init?: InitChoice;
  /** False: the analytic estimate only (what the rules use on every keystroke). */
  monteCarlo?: boolean;
  /** Progress of the Monte-Carlo passes. */
  onPass?: (done: number, total: number) => void;
}

export const SIMULATION_DEFAULTS = { seed: 0, batch: 128, passes: 5, maxWidth: 64 } as const;

export interface LayerFlow {
  /** Position among the reported (kernel) layers. */
  index: number;
  /** Index into the model's layers. */
  layerIndex: number;
  name: string;
  type: string;
  span: Span;
  fanIn: number;
  fanOut: number;
  /** The activation its output goes through (folded Activation layers included). */
  activation: string;
  initializer: { name: string; distribution: string; variance: number };
  analytic: AnalyticLayer;
  monteCarlo?: MonteCarloLayer;
}

export interface ModelFlow {
  name: string;
  span: Span;
  init: InitChoice;
  inputShape?: number[];
  layers: LayerFlow[];
  /** Why the model could not be simulated; `layers` is empty then. */
  notSimulated?: string;
  /** Why only the analytic estimate is given (the Monte-Carlo pass would be too large). */
  monteCarloSkipped?: string;
  /** gradientRms of the first kernel layer over the last one's. */
  gradientRatio?: { analytic: number; monteCarlo?: number };
}

function distributionOf(spec: InitializerSpec): string {
  return spec.kind === 'variance_scaling' || spec.kind === 'absolute' ? spec.distribution : spec.kind;
}

/** Fits already: a variance-scaling initializer of the family the activation needs. */
function fits(spec: InitializerSpec | undefined, model: ModelIR, index: number): boolean {
  return spec !== undefined && scaleFamily(spec) !== 'none' && misfit(spec, activationToFit(model, index)) === undefined;
}

/** The model with every Dense/convolution kernel initializer the rules would change replaced by their recommendation. */
export function recommendedModel(model: ModelIR): ModelIR {
  return {
    ...model,
    layers: model.layers.map((layer, index) => {
      const ref = layer.kernelInitializer;
      if (layer.role !== 'kernel' || layer.kind === 'Embedding' || !ref || fits(ref.spec, model, index)) return layer;
      const spec = kerasSpec(recommendedInitializer(activationToFit(model, index), ref.spec));
      // PyTorch's fixes write kaiming_normal_ / xavier_normal_, which draw untruncated normals.
      const drawn = model.framework === 'torch' && spec?.kind === 'variance_scaling' && spec.distribution === 'truncated_normal' ? { ...spec, distribution: 'normal' as const } : spec;
      return { ...layer, kernelInitializer: { ...ref, spec: drawn } };
    }),
  };
}

export function simulateModel(source: ModelIR, options: SimulateOptions = {}): ModelFlow {
  const init = options.init ?? 'current';
  const model = init === 'recommended' ? recommendedModel(source) : source;
  const base = { name: model.name, span: model.span, init };
  const lowered = lowerModel(model);
  if ('reason' in lowered) return { ...base, layers: [], notSimulated: lowered.reason };
  const { network } = lowered;
  const batch = options.batch ?? SIMULATION_DEFAULTS.batch;
  // Written arguments can describe no real layer (a kernel size of -3, a stddev of 1e308): say so rather than report such figures.
  const real = (value: number): boolean => value >= 0 && Number.isFinite(value);
  const unusable = network.reported.find((row) => !real(row.variance) || !real(row.fans.fanIn) || !real(row.fans.fanOut));
  if (unusable) {
    const { variance, fans } = unusable;
    const what = real(variance) ? `its fans are ${fans.fanIn} in, ${fans.fanOut} out (its sizes are not real)` : `its kernel's variance is ${variance} (the initializer's arguments give no real distribution)`;
    return { ...base, layers: [], notSimulated: `${model.layers[unusable.layerIndex].name}: ${what}` };
  }
  const analytic = analyticEstimate(network, batch);
  // Past float64's range (an exponential stack, a mean of 1e308) the estimate holds Infinity or
  // NaN: no figure to report or compare, so the reason is given instead.
  if (analytic.some((layer) => !Number.isFinite(layer.activationRms) || !Number.isFinite(layer.gradientRms))) {
    return { ...base, layers: [], notSimulated: 'the analytic estimate overflows 64-bit floats (activations or gradients beyond ±1.8e308)' };
  }
  let monteCarlo: MonteCarloLayer[] | undefined;
  let monteCarloSkipped: string | undefined;
  if (options.monteCarlo !== false) {
    const seed = options.seed ?? SIMULATION_DEFAULTS.seed;
    const passes = options.passes ?? SIMULATION_DEFAULTS.passes;
    const seeds = Array.from({ length: passes }, (_, k) => seed + k);
    try {
      monteCarlo = monteCarloEstimate(network, { batch, seeds, maxWidth: options.maxWidth ?? SIMULATION_DEFAULTS.maxWidth, onPass: options.onPass });
    } catch (error) {
      if (!(error instanceof NotSimulated)) throw error;
      monteCarloSkipped = error.message;
    }
  }
  const layers = network.reported.map((row, index): LayerFlow => {
    const layer = model.layers[row.layerIndex];
    const flow: LayerFlow = {
      index,
      layerIndex: row.layerIndex,
      name: layer.name,
      type: layer.kind,
      span: layer.span,
      fanIn: row.fans.fanIn,
      fanOut: row.fans.fanOut,
      activation: row.activation,
      initializer: { name: row.spec.name, distribution: distributionOf(row.spec), variance: row.variance },
      analytic: analytic[index],
    };
    if (monteCarlo) flow.monteCarlo = monteCarlo[index];
    return flow;
  });
  const first = layers[0];
  const last = layers[layers.length - 1];
  const ratio = (a: number, b: number): number => (b === 0 ? (a === 0 ? Number.NaN : Infinity) : a / b);
  return {
    ...base,
    inputShape: network.inputShape,
    ...(monteCarloSkipped ? { monteCarloSkipped } : {}),
    layers,
    gradientRatio: {
      analytic: ratio(first.analytic.gradientRms, last.analytic.gradientRms),
      ...(first.monteCarlo && last.monteCarlo ? { monteCarlo: ratio(first.monteCarlo.gradientRms.mean, last.monteCarlo.gradientRms.mean) } : {}),
    },
  };
}
