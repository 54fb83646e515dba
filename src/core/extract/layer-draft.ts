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
