// What an initializer does on one layer, for a hover: its distribution, its variance formula,
// this layer's numbers and the per-layer gain for the activation the layer feeds.

import type { ActivationName } from './catalog/activations';
import type { InitializerSpec } from './catalog/initializers';
import { TRUNCATED_NORMAL_VARIANCE, elementMoments, kernelMatrix, type Fans } from './catalog/variance';
import type { FileIR, Framework, InitializerRef, ModelIR, Span } from './ir';
import { kernelFans, layerActivation, layerGain, sumsFanIn } from './rules/fans';

/** Which of a layer's initializers: its kernel, its bias, or an extra one by role (`recurrent`, `pointwise`). */
export type InitializerRole = 'kernel' | 'bias' | string;

export interface InitializerDescription {
  /** The text the description is about: the initializer as written, or the layer's class name for a default. */
  span: Span;
  /** Canonical (Keras snake_case) name. */
  name: string;
  role: InitializerRole;
  explicit: boolean;
  /** The distribution in words: `truncated normal (cut at ±2σ)`, `uniform on [-0.05, 0.05]`. */
  distribution: string;
  /** The variance as a formula: `Var(W) = 2 / fan_in`. */
  formula: string;
  /** This layer's fans, when its input shape is known. */
  fans?: Fans;
  /** Var(W) of one element on this layer, when it can be computed. */
  variance?: number;
  /** The per-layer gain for the layer's effective activation (kernels of Dense and convolution layers). */
  gain?: { value: number; activation: ActivationName; factor: number };
  /** Why no gain is given, when none is. */
  noGain?: string;
  markdown: string;
}

/** Three significant digits, no exponent for ordinary sizes: 0.00781, 392, 1.5e-7. */
export function formatNumber(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(Number(value.toPrecision(3)));
  return value.toExponential(2);
}

/** Gains read best with two decimals around 1 (`1.00`, `0.50`), significant digits far from it. */
function formatGain(value: number): string {
  return value >= 0.01 && value < 100 ? value.toFixed(2) : formatNumber(value);
}

/** Layer names are user text: keep them from becoming Markdown. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

function distributionText(spec: InitializerSpec): string {
  switch (spec.kind) {
    case 'variance_scaling':
      return spec.distribution === 'uniform' ? 'uniform on ±√(3·Var(W))' : spec.distribution === 'normal' ? 'normal, mean 0' : 'truncated normal, mean 0, cut at ±2 standard deviations';
    case 'absolute': {
      if (spec.distribution === 'uniform') {
        const half = Math.sqrt(3) * spec.stddev;
        return `uniform on [${formatNumber(spec.mean - half)}, ${formatNumber(spec.mean + half)}]`;
      }
      const kind = spec.distribution === 'normal' ? 'normal' : 'truncated normal (cut at ±2σ)';
      return `${kind}, mean ${formatNumber(spec.mean)}, stddev ${formatNumber(spec.stddev)}`;
    }
    case 'constant':
      return spec.value === undefined ? 'constant (value not known statically)' : `constant: every weight ${formatNumber(spec.value)}`;
    case 'orthogonal':
      return `orthogonal matrix × gain ${formatNumber(spec.gain)}`;
    case 'identity':
      return `identity matrix × gain ${formatNumber(spec.gain)}`;
  }
}

const FAN_TEXT = { fan_in: 'fan_in', fan_out: 'fan_out' } as const;

function varianceFormula(spec: InitializerSpec, framework: Framework): string {
  switch (spec.kind) {
    case 'variance_scaling': {
      const fraction = spec.mode === 'fan_avg' ? `${formatNumber(2 * spec.scale)} / (fan_in + fan_out)` : `${formatNumber(spec.scale)} / ${FAN_TEXT[spec.mode]}`;
      // Keras divides the truncated normal's stddev by 0.8796 so the variance is exact; TF.js does not.
      if (spec.distribution === 'truncated_normal' && framework !== 'keras') return `Var(W) = ${formatNumber(TRUNCATED_NORMAL_VARIANCE)} · ${fraction} (truncation not corrected)`;
      return `Var(W) = ${fraction}`;
    }
    case 'absolute': {
      const variance = elementMoments(spec, { fanIn: 1, fanOut: 1 }, framework).variance;
      if (spec.distribution === 'uniform') return `Var(W) = (maxval − minval)² / 12 = ${formatNumber(variance)}`;
      if (spec.distribution === 'truncated_normal') return `Var(W) = ${formatNumber(TRUNCATED_NORMAL_VARIANCE)} · stddev² = ${formatNumber(variance)}`;
      return `Var(W) = stddev² = ${formatNumber(variance)}`;
    }
    case 'constant':
      return 'Var(W) = 0';
    case 'orthogonal':
      return 'E[W²] = gain² / max(rows, cols)';
    case 'identity':
      return 'E[W²] = gain² · min(rows, cols) / (rows · cols)';
  }
}

function gainWords(gain: number): string {
  if (Math.abs(gain - 1) <= 0.05) return "the signal's second moment is kept";
  if (Math.abs(gain - 0.5) <= 0.025) return 'the signal halves each layer';
  if (Math.abs(gain - 2) <= 0.1) return 'the signal doubles each layer';
  const tenLayers = formatNumber(gain ** 10);
  return gain < 1 ? `the signal shrinks each layer (×${tenLayers} over ten such layers)` : `the signal grows each layer (×${tenLayers} over ten such layers)`;
}

function refOf(model: ModelIR, index: number, role: InitializerRole): InitializerRef | undefined {
  const layer = model.layers[index];
  if (role === 'kernel') return layer.kernelInitializer;
  if (role === 'bias') return layer.biasInitializer;
  return layer.extraInitializers?.[role];
}

/** Describes the `role` initializer of `model.layers[index]`; undefined when the layer has none or it cannot be read. */
export function describeInitializer(model: ModelIR, index: number, role: InitializerRole = 'kernel'): InitializerDescription | undefined {
  const layer = model.layers[index];
  const ref = refOf(model, index, role);
  const spec = ref?.spec;
  if (!ref || !spec) return undefined;
  const span = ref.span ?? { from: layer.span.from, to: layer.argsSpan.from };
  const description: InitializerDescription = {
    span,
    name: spec.name,
    role,
    explicit: ref.explicit,
    distribution: distributionText(spec),
    formula: varianceFormula(spec, model.framework),
    markdown: '',
  };
  // The kernel's fans are the layer's; a bias or an extra kernel has shapes of its own.
  const fans = role === 'kernel' ? kernelFans(model).get(index) : undefined;
  if (fans) description.fans = fans;
  // Orthogonal and identity kernels see a convolution as a matrix with its window flattened into the inputs.
  const matrix = fans && kernelMatrix(layer, fans);
  if (fans || spec.kind === 'absolute' || spec.kind === 'constant') description.variance = elementMoments(spec, fans ?? { fanIn: 1, fanOut: 1 }, model.framework, matrix).variance;
  if (role !== 'kernel') description.noGain = role === 'bias' ? 'a bias adds a constant; it has no per-layer gain' : `the ${role} kernel's scale is not judged by fan-in`;
  else if (!sumsFanIn(layer.kind)) description.noGain = `no per-layer gain for ${layer.kind} layers: their units do not sum fan_in inputs`;
  else if (spec.kind === 'constant' || (spec.kind === 'absolute' && spec.stddev === 0)) description.noGain = 'every unit is identical: a symmetric kernel has no gain to speak of';
  else if (!fans) description.noGain = 'fan-in unknown: no input shape reaches this layer';
  else {
    const activation = layerActivation(model, index);
    const gain = activation && layerGain(spec, fans, activation, model.framework, matrix);
    if (activation && gain) description.gain = { value: gain.gain, activation: activation.name, factor: gain.activationFactor };
    else description.noGain = activation ? `no gain rule for ${activation.name}` : "the layer's activation cannot be read statically";
  }
  description.markdown = markdownOf(description, layer.name, layer.kind);
  return description;
}

function markdownOf(description: InitializerDescription, layerName: string, kind: string): string {
  const lines: string[] = [];
  const which = description.role === 'kernel' ? '' : ` (${description.role})`;
  lines.push(`**\`${description.name}\`**${which}${description.explicit ? '' : ' — the default'}: ${description.distribution}`);
  lines.push('', `\`${description.formula}\``);
  const numbers: string[] = [];
  if (description.fans) numbers.push(`fan-in ${description.fans.fanIn}, fan-out ${description.fans.fanOut}`);
  if (description.variance !== undefined) numbers.push(`Var(W) = ${formatNumber(description.variance)} (stddev ${formatNumber(Math.sqrt(description.variance))})`);
  if (numbers.length > 0) lines.push('', `On ${kind} '${escapeMarkdown(layerName)}': ${numbers.join('; ')}`);
  if (description.gain) {
    const { value, activation, factor } = description.gain;
    lines.push('', `Gain **${formatGain(value)}** per layer with ${activation} (fan_in · Var(W) · E[φ(z)²]/Var(z), with E[φ(z)²]/Var(z) = ${formatNumber(factor)}): ${gainWords(value)}.`);
  } else if (description.noGain) {
    lines.push('', `Per-layer gain: ${description.noGain}.`);
  }
  return lines.join('\n');
}

/** The description of the initializer at `offset`: over its argument, or over the layer's class name when the default applies. */
export function describeInitializerAt(file: FileIR, offset: number): InitializerDescription | undefined {
  for (const model of file.models) {
    for (let index = 0; index < model.layers.length; index++) {
      const layer = model.layers[index];
      const roles: InitializerRole[] = ['kernel', 'bias', ...Object.keys(layer.extraInitializers ?? {})];
      for (const role of roles) {
        const ref = refOf(model, index, role);
        if (ref?.span && offset >= ref.span.from && offset < ref.span.to) return describeInitializer(model, index, role);
      }
      const kernel = layer.kernelInitializer;
      if (kernel && !kernel.explicit && offset >= layer.span.from && offset < layer.argsSpan.from) return describeInitializer(model, index, 'kernel');
    }
  }
  return undefined;
}
