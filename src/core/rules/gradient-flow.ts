// Shared by gradient-vanishing and gradient-exploding: the analytic estimate of a model's
// first-to-last gradient ratio, the layers that account for most of it, and the fix that
// applies every recommended initializer at once.

import { kernelInitializerEdits } from './fix-writer';
import { recommendedModel, simulateModel, type ModelFlow } from '../simulate';
import { kernelFans, reportsKernel } from '../simulate/network';
import { isSymmetric } from '../catalog/initializers';
import type { Fans } from '../catalog/variance';
import type { ModelIR, Span } from '../ir';
import type { RuleContext, RuleFinding, TextEdit } from './types';

/** One analytic run per model, shared by both rules and the CodeLens. */
const flows = new WeakMap<ModelIR, ModelFlow>();
/** Each model's kernel fans by layer index, for init-scale: one shape inference per model, kept over edits as flows are. */
const fansByModel = new WeakMap<ModelIR, ReadonlyMap<number, Fans>>();

/** A source range: the only part of a model an edit elsewhere in the file changes. */
function isSpan(value: object): value is Span {
  return typeof (value as Span).from === 'number' && typeof (value as Span).to === 'number' && Object.keys(value).length === 2;
}

/**
 * Whether two IR values are equal apart from their source ranges; on success `spans` maps each
 * range object of `before` to the one at the same place in `after`. Runs on every model at every
 * keystroke, so it stops at the first difference and allocates little.
 */
function sameApartFromSpans(before: unknown, after: unknown, spans: Map<object, Span>): boolean {
  if (before === after) return true;
  if (typeof before !== 'object' || typeof after !== 'object' || before === null || after === null) return false;
  if (Array.isArray(before) || Array.isArray(after)) {
    if (!Array.isArray(before) || !Array.isArray(after) || before.length !== after.length) return false;
    for (let i = 0; i < before.length; i++) if (!sameApartFromSpans(before[i], after[i], spans)) return false;
    return true;
  }
  if (isSpan(before)) {
    if (!isSpan(after)) return false;
    spans.set(before, after);
    return true;
  }
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  let keys = 0;
  for (const key in a) {
    if (!Object.hasOwn(b, key) || !sameApartFromSpans(a[key], b[key], spans)) return false;
    keys++;
  }
  for (const key in b) if (Object.hasOwn(b, key)) keys--;
  return keys === 0;
}

/**
 * `value` with its ranges replaced through `spans`, sharing every part that holds no range (a
 * flow is read-only); undefined when it holds a range `spans` does not know.
 */
function withSpans<T>(value: T, spans: ReadonlyMap<object, Span>): T | undefined {
  if (typeof value !== 'object' || value === null) return value;
  const moved = spans.get(value);
  if (moved) return moved as T;
  if (isSpan(value)) return undefined;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = withSpans(item, spans);
    if (next === undefined && item !== undefined) return undefined;
    if (next === item) continue;
    copy ??= Array.isArray(value) ? (Object.assign([], value) as unknown as Record<string, unknown>) : { ...(value as Record<string, unknown>) };
    copy[key] = next;
  }
  return (copy ?? value) as T;
}

/**
 * Carries analytic runs over an edit: each model of `models` equal to a model of `previous` apart
 * from its source ranges gets that model's flow, re-pointed at its own ranges, so a keystroke
 * re-simulates only the model it touched. Models are matched by name and layer count, then
 * compared in full.
 */
export function reuseAnalyticFlows(previous: readonly ModelIR[], models: readonly ModelIR[]): void {
  const candidates = new Map<string, ModelIR[]>();
  for (const model of previous) {
    if (!flows.has(model) && !fansByModel.has(model)) continue;
    const key = `${model.name}\u0000${model.layers.length}`;
    const list = candidates.get(key);
    if (list) list.push(model);
    else candidates.set(key, [model]);
  }
  for (const model of models) {
    if (flows.has(model) || fansByModel.has(model)) continue;
    for (const before of candidates.get(`${model.name}\u0000${model.layers.length}`) ?? []) {
      const spans = new Map<object, Span>();
      if (!sameApartFromSpans(before, model, spans)) continue;
      const flow = flows.get(before);
      const moved = flow && withSpans(flow, spans);
      if (moved) flows.set(model, moved);
      const fans = fansByModel.get(before);
      if (fans) fansByModel.set(model, fans); // fans hold no source ranges
      break;
    }
  }
}

/** Gives `after`, a copy of `before` moved over an edit, `before`'s analytic run and fans, the run moved by `move`. */
export function carryAnalyticFlow(before: ModelIR, after: ModelIR, move: (flow: ModelFlow) => ModelFlow | undefined): void {
  const flow = flows.get(before);
  const moved = flow && move(flow);
  if (moved) flows.set(after, moved);
  const fans = fansByModel.get(before);
  if (fans) fansByModel.set(after, fans); // fans hold no source ranges
}

/**
 * The fans of every kernel layer whose shapes can be followed (see `kernelFans`), by layer index.
 * A model the analytic run lowered whole already has them: its shapes do not depend on the
 * initializers or activations that could have stopped the run.
 */
export function modelKernelFans(model: ModelIR): ReadonlyMap<number, Fans> {
  let fans = fansByModel.get(model);
  if (!fans) {
    const flow = flows.get(model);
    fans =
      flow && flow.notSimulated === undefined && !model.layers.some((layer) => layer.inUnknownLoop)
        ? new Map(flow.layers.map((layer) => [layer.layerIndex, { fanIn: layer.fanIn, fanOut: layer.fanOut }]))
        : kernelFans(model);
    fansByModel.set(model, fans);
  }
  return fans;
}

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
  // Layers built by a loop or a helper share their source text: each text is edited once. A layer
  // whose edits are exactly ones already made (PyTorch's one inserted method for all) still counts.
  const written = new Map<string, string>();
  model.layers.forEach((layer, index) => {
    const target = recommended.layers[index].kernelInitializer?.spec;
    if (!target || target === layer.kernelInitializer?.spec) return;
    const layerEdits = kernelInitializerEdits(context.file, context.source, layer, target.name);
    if (layerEdits.length === 0) return;
    const made = layerEdits.map((edit) => written.get(`${edit.from}:${edit.to}`));
    if (made.every((text, i) => text === layerEdits[i].text)) {
      changed++;
      return;
    }
    if (made.some((text) => text !== undefined)) return;
    for (const edit of layerEdits) written.set(`${edit.from}:${edit.to}`, edit.text);
    edits.push(...layerEdits);
    changed++;
  });
  return { edits, changed };
}

/**
 * True when the model's analytic run, if it can be made at all, reports a layer with a symmetric
 * kernel: every layer that owns a kernel is a row of a lowered model, with its own initializer.
 */
function reportsSymmetricKernel(model: ModelIR): boolean {
  return model.layers.some((layer) => {
    const spec = layer.kernelInitializer?.spec;
    return spec !== undefined && isSymmetric(spec) && reportsKernel(layer.kind);
  });
}

export function gradientFlowFinding(model: ModelIR, context: RuleContext, direction: 'vanishing' | 'exploding'): RuleFinding[] {
  // Such a model gets no finding from a run that fails nor from one that succeeds (below): its run is
  // left to whoever asks for it (analyticFlow), a large share of a file's simulation work.
  if (reportsSymmetricKernel(model)) return [];
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
