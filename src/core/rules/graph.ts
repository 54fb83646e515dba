// Questions rules ask about a model's layer graph.

import type { ActivationName } from '../catalog/activations';
import { isSymmetric } from '../catalog/initializers';
import type { LayerIR, ModelIR, Span } from '../ir';

function consumersOf(model: ModelIR, index: number): number[] {
  const consumers: number[] = [];
  model.layers.forEach((layer, i) => {
    if (layer.inputs.includes(index)) consumers.push(i);
  });
  return consumers;
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

/** Layers downstream of `index` (transitively). */
function downstream(model: ModelIR, index: number): number[] {
  const seen = new Set<number>();
  const queue = [index];
  while (queue.length > 0) {
    for (const next of consumersOf(model, queue.pop()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen];
}

/** True when no layer that may hold weights (a kernel layer or an unknown one) follows. */
export function isOutputLayer(model: ModelIR, index: number): boolean {
  return downstream(model, index).every((i) => model.layers[i].role !== 'kernel' && model.layers[i].role !== 'other');
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

export function hasSymmetricKernel(layer: LayerIR): boolean {
  const spec = layer.kernelInitializer?.spec;
  return spec !== undefined && isSymmetric(spec);
}
