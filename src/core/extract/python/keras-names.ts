// What a resolved dotted path means in the Keras family (Keras 3, tf.keras, standalone Keras 2).

import { activationByName, type ActivationName } from '../../catalog/activations';
import { kerasLayerFunction } from '../../catalog/layers';

export type KerasSymbol =
  | { type: 'layer'; className: string }
  /** `keras.layers.add` and its kin: build the layer `className` and apply it to the first argument. */
  | { type: 'layerFunction'; className: string }
  | { type: 'sequential' }
  | { type: 'model' }
  | { type: 'input' }
  | { type: 'initializer'; name: string }
  | { type: 'activation'; name: ActivationName };

/** Roots under which the Keras API lives, mapped to `keras`. */
const KERAS_ROOTS = ['tensorflow.keras', 'tensorflow.python.keras', 'tensorflow.compat.v1.keras', 'tensorflow.compat.v2.keras', 'tf_keras', 'keras'];

function kerasRelative(path: string): string[] | undefined {
  for (const root of KERAS_ROOTS) {
    if (path === root) return [];
    if (path.startsWith(`${root}.`)) return path.slice(root.length + 1).split('.');
  }
  return undefined;
}

/** Modules of TensorFlow that export activation functions (`tf.nn.relu`, `tf.tanh`, `tf.math.sigmoid`). */
const TF_ACTIVATION_MODULES = ['tensorflow.nn', 'tensorflow.math', 'tensorflow'];

export function kerasSymbol(path: string): KerasSymbol | undefined {
  const parts = kerasRelative(path);
  if (!parts) {
    for (const module of TF_ACTIVATION_MODULES) {
      if (path.startsWith(`${module}.`) && path.split('.').length === module.split('.').length + 1) {
        const name = activationByName(path.slice(module.length + 1));
        if (name) return { type: 'activation', name };
      }
    }
    return undefined;
  }
  const last = parts.at(-1) ?? '';
  const [head] = parts;
  if (parts.length === 1 || (head === 'models' && parts.length === 2)) {
    if (last === 'Sequential') return { type: 'sequential' };
    if (last === 'Model') return { type: 'model' };
    if (last === 'Input') return { type: 'input' };
  }
  if (head === 'layers') {
    if (last === 'Input') return { type: 'input' };
    const applied = kerasLayerFunction(last);
    if (applied) return { type: 'layerFunction', className: applied.kind };
    return { type: 'layer', className: last };
  }
  if (head === 'initializers') return { type: 'initializer', name: last };
  if (head === 'activations') {
    const name = activationByName(last);
    return name ? { type: 'activation', name } : undefined;
  }
  return undefined;
}
