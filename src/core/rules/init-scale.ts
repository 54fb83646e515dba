// init-scale: a random initializer with a fixed scale (RandomNormal(stddev=1.0)) ignores the
// layer's size, so the signal grows or shrinks by a factor per layer that depends on fan-in.

import { recommendedInitializer } from '../catalog/fit';
import type { Fans } from '../catalog/variance';
import type { LayerIR, ModelIR } from '../ir';
import { layerActivation, layerGain, stddevFor, sumsFanIn, uniformLimitFor, unitGainVariance } from './fans';
import { swapInitializerFix } from './fix-writer';
import { modelKernelFans } from './gradient-flow';
import { effectiveActivation, isOutputLayer } from './graph';
import type { Rule, RuleContext, RuleFinding, Severity } from './types';

/** The band of per-layer gains left alone: within a factor of two of 1. */
export const GAIN_BAND = { low: 0.5, high: 2 } as const;

const LOWER: Record<Severity, Severity> = { error: 'warning', warning: 'information', information: 'hint', hint: 'hint' };

/** Three significant digits, as a number (392, 0.0505). */
const round3 = (value: number): number => Number(value.toPrecision(3));

/** How the initializer is written, for the message: the argument as typed when short, else its canonical name. */
function initializerLabel(layer: LayerIR, source: string, fallback: string): string {
  const span = layer.kernelInitializer?.span;
  const text = span ? source.slice(span.from, span.to) : '';
  return text.length > 0 && text.length <= 60 && !text.includes('\n') ? text : fallback;
}

/** `fansOf` gives the layer's fans; it is asked only for a layer whose initializer has a fixed scale. */
function scaleFinding(model: ModelIR, index: number, context: RuleContext, fansOf: () => Fans | undefined): RuleFinding | undefined {
  const layer = model.layers[index];
  const ref = layer.kernelInitializer;
  const spec = ref?.spec;
  // Symmetric kernels belong to zero-init and constant-init; a non-zero mean is not a scale question.
  if (!ref || !spec || spec.kind !== 'absolute' || !(spec.stddev > 0) || spec.mean !== 0) return undefined;
  const fans = fansOf();
  if (!fans) return undefined; // fan-in unknown: never guessed
  const activation = layerActivation(model, index);
  if (!activation) return undefined;
  const gain = layerGain(spec, fans, activation, model.framework);
  if (!gain || (gain.gain >= GAIN_BAND.low && gain.gain <= GAIN_BAND.high)) return undefined;
  // A small output layer is a deliberate technique (as a zero head is) and does not compound with depth.
  if (gain.gain < GAIN_BAND.low && isOutputLayer(model, index)) return undefined;
  const target = unitGainVariance(activation, fans.fanIn);
  if (target === undefined) return undefined;
  const effective = effectiveActivation(model, index);
  const uniform = spec.distribution === 'uniform';
  const base = uniform ? 'scaleUniform' : 'scale';
  return {
    messageId: effective.throughNormalization ? `${base}ThroughNormalization` : base,
    data: {
      layer: layer.name,
      initializer: initializerLabel(layer, context.source, spec.name),
      fanIn: fans.fanIn,
      gain: round3(gain.gain),
      activation: activation.name,
      ...(uniform ? { limit: round3(uniformLimitFor(target)) } : { stddev: round3(stddevFor(spec.distribution as 'normal' | 'truncated_normal', target)) }),
    },
    span: ref.span ?? { from: layer.span.from, to: layer.argsSpan.from },
    ...(effective.throughNormalization ? { severity: LOWER.warning } : {}),
    ...(effective.span ? { related: [{ span: effective.span, messageId: 'activationHere', data: { activation: activation.name } }] } : {}),
    fix: swapInitializerFix(context, layer, recommendedInitializer(activation.name, spec), activation.name, 'unsafe'),
  };
}

export const initScale: Rule = {
  id: 'init-scale',
  meta: {
    description: "A random initializer with a fixed scale that does not fit the layer's fan-in: the signal grows or shrinks by a constant factor at every such layer.",
    defaultSeverity: 'warning',
    fix: 'unsafe',
    messages: {
      scale: "{{initializer}} on '{{layer}}' (fan-in {{fanIn}}) multiplies the signal's second moment by {{gain}} per layer; for {{activation}} a stddev near {{stddev}} keeps it at 1.",
      scaleUniform: "{{initializer}} on '{{layer}}' (fan-in {{fanIn}}) multiplies the signal's second moment by {{gain}} per layer; for {{activation}} limits near ±{{limit}} keep it at 1.",
      scaleThroughNormalization:
        "{{initializer}} on '{{layer}}' (fan-in {{fanIn}}) multiplies the signal's second moment by {{gain}} per layer; for {{activation}} a stddev near {{stddev}} keeps it at 1. A normalization layer follows and rescales the signal, so this matters less.",
      scaleUniformThroughNormalization:
        "{{initializer}} on '{{layer}}' (fan-in {{fanIn}}) multiplies the signal's second moment by {{gain}} per layer; for {{activation}} limits near ±{{limit}} keep it at 1. A normalization layer follows and rescales the signal, so this matters less.",
      activationHere: 'the {{activation}} activation the gain is computed for',
      useInitializer: "Use '{{initializer}}' (fits {{activation}})",
      useTorchInit: 'Use {{initializer}} (fits {{activation}})',
      addTorchInit: 'Initialize {{layers}} {{where}} ({{initializer}} for this one, fits {{activation}})',
    },
  },
  check(model, context) {
    const findings: RuleFinding[] = [];
    // The model's shapes are inferred only when a layer has a fixed-scale initializer to judge.
    let fans: ReadonlyMap<number, Fans> | undefined;
    model.layers.forEach((layer, index) => {
      if (layer.role !== 'kernel' || !sumsFanIn(layer.kind)) return;
      const finding = scaleFinding(model, index, context, () => (fans ??= modelKernelFans(model)).get(index));
      if (finding) findings.push(finding);
    });
    return findings;
  },
};
