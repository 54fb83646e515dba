// What the Keras and the TF.js readers build for a layer before placing it in a model.

import type { SyntaxNode } from '@lezer/common';
import type { LayerIR } from '../ir';

/** A layer before it is placed in a model: the IR plus the node that made it. */
export interface LayerDraft {
  layer: Omit<LayerIR, 'inputs' | 'name'> & { name?: string };
  node: SyntaxNode;
  /** Drafts (or inputs) this layer consumes, in a functional graph. */
  upstream: LayerDraft[];
  /** When it was applied or placed: the forward order among layers built by loops and helpers (Python). */
  order?: number;
}

/**
 * The IR of a placed layer: every field of LayerIR, in one order, the absent ones undefined.
 * Rules, lowering and fix writers read the layers of every framework on each analysis; layers
 * of one shape keep those reads monomorphic, where copies of drafts built field by field came in
 * many shapes (measured: about 5% of a first analysis's time after the parse).
 */
export function placedLayer(layer: LayerDraft['layer'], name: string, inputs: number[]): LayerIR {
  return {
    kind: layer.kind,
    role: layer.role,
    name,
    span: layer.span,
    argsSpan: layer.argsSpan,
    optionsSpan: layer.optionsSpan,
    units: layer.units,
    kernelSize: layer.kernelSize,
    inputShape: layer.inputShape,
    activation: layer.activation,
    kernelInitializer: layer.kernelInitializer,
    biasInitializer: layer.biasInitializer,
    extraInitializers: layer.extraInitializers,
    config: layer.config,
    dynamicArguments: layer.dynamicArguments,
    inputs,
    inUnknownLoop: layer.inUnknownLoop,
    accessor: layer.accessor,
    statedFanIn: layer.statedFanIn,
  };
}
