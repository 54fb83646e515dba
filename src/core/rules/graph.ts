// Questions rules ask about a model's layer graph.

import type { ActivationName } from '../catalog/activations';
import { isSymmetric } from '../catalog/initializers';
import type { FileIR, Framework, LayerIR, ModelIR, Span } from '../ir';

/** Each layer's consumers, built once per layer list: rules ask for them per layer, and models reach thousands of layers. */
const consumerLists = new WeakMap<readonly LayerIR[], number[][]>();

function consumersOf(model: ModelIR, index: number): number[] {
  let lists = consumerLists.get(model.layers);
  if (!lists) {
    lists = model.layers.map(() => []);
    model.layers.forEach((layer, i) => {
      // A layer that takes one input twice (`add([x, x])`) consumes it once.
      const inputs = layer.inputs.length > 1 ? new Set(layer.inputs) : layer.inputs;
      for (const input of inputs) lists![input]?.push(i);
    });
    consumerLists.set(model.layers, lists);
  }
  return lists[index] ?? [];
}

export interface EffectiveActivation {
  name: ActivationName | 'unknown';
  /** Where it is written, when that is not the layer's own argument. */
  span?: Span;
  /** The layer that applies it, when it is a later layer. */
  appliedBy?: LayerIR;
  /** A normalization layer sits between the kernel and the activation. */
  throughNormalization: boolean;
}

/**
 * The activation a kernel layer's output really goes through: its own, or, when
 * that is linear, the one a following Activation/ReLU layer applies, looking
 * through dropout, reshaping, pooling and normalization.
 */
export function effectiveActivation(model: ModelIR, index: number): EffectiveActivation {
  let known = effectiveActivations.get(model.layers);
  if (!known) effectiveActivations.set(model.layers, (known = []));
  return (known[index] ??= followActivation(model, index));
}

/**
 * Each layer's effective activation, by layer list: every initializer rule, the fix writers and
 * the recommended model ask for it per layer. The objects are shared, so callers must not change them.
 */
const effectiveActivations = new WeakMap<readonly LayerIR[], EffectiveActivation[]>();

function followActivation(model: ModelIR, index: number): EffectiveActivation {
  const own = model.layers[index].activation;
  if (own.name !== 'linear') return { name: own.name, span: own.span, throughNormalization: false };
  let throughNormalization = false;
  let current = index;
  for (;;) {
    const consumers = consumersOf(model, current);
    if (consumers.length !== 1) return { name: 'linear', throughNormalization };
    const next = model.layers[consumers[0]];
    if (next.role === 'activation') {
      return { name: next.activation.name, span: next.activation.span ?? next.span, appliedBy: next, throughNormalization };
    }
    if (next.role === 'normalization') throughNormalization = true;
    else if (next.role !== 'passthrough') return { name: 'linear', throughNormalization };
    current = consumers[0];
  }
}

/** The activation a symmetric kernel's replacement should fit: the effective one, linear when unknown. */
export function activationToFit(model: ModelIR, index: number): ActivationName {
  const { name } = effectiveActivation(model, index);
  return name === 'unknown' ? 'linear' : name;
}

/** Per layer: does a layer that may hold weights (a kernel layer or an unknown one) follow it? */
const weightedFollowers = new WeakMap<readonly LayerIR[], boolean[]>();

/** True when no layer that may hold weights (a kernel layer or an unknown one) follows. */
export function isOutputLayer(model: ModelIR, index: number): boolean {
  let followed = weightedFollowers.get(model.layers);
  if (!followed) {
    // Layers are in forward order (consumers come later), so one pass from the end settles every layer.
    const result = model.layers.map(() => false);
    for (let i = model.layers.length - 1; i >= 0; i--) {
      result[i] = consumersOf(model, i).some((c) => c > i && (model.layers[c].role === 'kernel' || model.layers[c].role === 'other' || result[c]));
    }
    followed = result;
    weightedFollowers.set(model.layers, followed);
  }
  return !followed[index];
}

/** The nearest kernel layers before and after `index`, skipping layers without weights. */
export function kernelNeighbours(model: ModelIR, index: number): LayerIR[] {
  const neighbours: LayerIR[] = [];
  const walk = (start: number, step: (i: number) => number[]): void => {
    const queue = [...step(start)]; // a copy: `step` may return a layer's own `inputs` array
    const seen = new Set<number>();
    while (queue.length > 0) {
      const i = queue.shift()!;
      if (seen.has(i)) continue;
      seen.add(i);
      const layer = model.layers[i];
      if (layer.role === 'kernel') neighbours.push(layer);
      else if (layer.role !== 'other') queue.push(...step(i));
    }
  };
  walk(index, (i) => model.layers[i].inputs);
  walk(index, (i) => consumersOf(model, i));
  return neighbours;
}

/** The frameworks of a file's models, by its model list (and its length, should the list grow). */
const frameworksOfModels = new WeakMap<readonly ModelIR[], { count: number; frameworks: ReadonlySet<Framework> }>();

/** True when one of the file's models is `framework`'s: the fix writers ask for every finding, and most files hold one framework. */
export function holdsFramework(file: FileIR, framework: Framework): boolean {
  let known = frameworksOfModels.get(file.models);
  if (known?.count !== file.models.length) {
    known = { count: file.models.length, frameworks: new Set(file.models.map((model) => model.framework)) };
    frameworksOfModels.set(file.models, known);
  }
  return known.frameworks.has(framework);
}

export function hasSymmetricKernel(layer: LayerIR): boolean {
  const spec = layer.kernelInitializer?.spec;
  return spec !== undefined && isSymmetric(spec);
}
