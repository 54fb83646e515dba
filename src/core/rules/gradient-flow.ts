// Shared by gradient-vanishing and gradient-exploding: the analytic estimate of a model's
// first-to-last gradient ratio, the layers that account for most of it, and the fix that
// applies every recommended initializer at once.

import { kernelInitializerEdits } from './fix-writer';
import { recommendedModel, simulateModel, type ModelFlow } from '../simulate';
import type { ModelIR, Span } from '../ir';
import type { RuleContext, RuleFinding, TextEdit } from './types';

/** One analytic run per model, shared by both rules and the CodeLens. */
const flows = new WeakMap<ModelIR, ModelFlow>();

export function analyticFlow(model: ModelIR): ModelFlow {
  let flow = flows.get(model);
  if (!flow) {
    try {
      flow = simulateModel(model, { monteCarlo: false });
    } catch (error) {
      // A prediction is advice: an engine failure on odd input must not take the other rules down with it.
      flow = { name: model.name, span: model.span, init: 'current', layers: [], notSimulated: `internal error: ${String(error)}` };
    }
    flows.set(model, flow);
  }
  return flow;
}

/** The first line of the model's definition: a multi-line `Sequential([...])` is underlined only where it starts. */
function definitionSpan(model: ModelIR, source: string): Span {
  const newline = source.indexOf('\n', model.span.from);
  return { from: model.span.from, to: newline === -1 || newline > model.span.to ? model.span.to : newline };
}

/** Two significant digits: `0.01`, `230`, `4.6e-6`. */
function formatRatio(ratio: number): string {
  const exponent = Math.floor(Math.log10(ratio));
  return exponent < -3 || exponent > 4 ? ratio.toExponential(1) : String(Number(ratio.toPrecision(2)));
}

/** Edits that give every kernel layer the initializer the rules recommend. */
export function recommendedEdits(model: ModelIR, context: RuleContext): { edits: TextEdit[]; changed: number } {
  const recommended = recommendedModel(model);
  const edits: TextEdit[] = [];
  let changed = 0;
  model.layers.forEach((layer, index) => {
    const target = recommended.layers[index].kernelInitializer?.spec;
    if (!target || target === layer.kernelInitializer?.spec) return;
    const layerEdits = kernelInitializerEdits(context.file, context.source, layer, target.name);
    if (layerEdits.length === 0) return;
    edits.push(...layerEdits);
    changed++;
  });
  return { edits, changed };
}

export function gradientFlowFinding(model: ModelIR, context: RuleContext, direction: 'vanishing' | 'exploding'): RuleFinding[] {
  const flow = analyticFlow(model);
  const ratio = flow.gradientRatio?.analytic;
  // Symmetric kernels are zero-init's and constant-init's to report; their gradients are exact, not a trend.
  if (ratio === undefined || !Number.isFinite(ratio) || ratio === 0 || flow.layers.some((layer) => layer.analytic.symmetric)) return [];
  const threshold = direction === 'vanishing' ? context.options.vanishingThreshold : context.options.explodingThreshold;
  if (direction === 'vanishing' ? ratio >= threshold : ratio <= threshold) return [];

  // log10 of each layer's gradient over the next one's; they sum to log10(ratio).
  const steps = flow.layers.slice(0, -1).map((layer, i) => ({
    name: layer.name,
    step: Math.log10(layer.analytic.gradientRms / flow.layers[i + 1].analytic.gradientRms),
  }));
  const total = Math.log10(ratio);
  const culprits: string[] = [];
  let covered = 0;
  for (const { name, step } of steps.filter((s) => Math.sign(s.step) === Math.sign(total)).sort((a, b) => Math.abs(b.step) - Math.abs(a.step))) {
    if (culprits.length === 3 || Math.abs(covered) >= 0.8 * Math.abs(total)) break;
    culprits.push(`'${name}' (×${formatRatio(10 ** step)})`);
    covered += step;
  }
  const { edits, changed } = recommendedEdits(model, context);
  return [
    {
      messageId: direction,
      data: { model: model.name, ratio: formatRatio(ratio), threshold: formatRatio(threshold), layers: culprits.join(', ') },
      span: definitionSpan(model, context.source),
      ...(edits.length > 0 ? { fix: { messageId: 'useInitializer', data: { count: changed }, edits, safety: 'unsafe' as const } } : {}),
    },
  ];
}
