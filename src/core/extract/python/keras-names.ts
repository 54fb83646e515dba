// What a resolved dotted path means in the Keras family: Keras 3, tf.keras, standalone Keras 2
// (`keras.layers.core.Dense`), and TF1's `tf.layers` / `tf.compat.v1` / `tf.contrib.layers` API.

import type { SyntaxNode } from '@lezer/common';
import { activationByName, type ActivationName } from '../../catalog/activations';
import { initializerRow, type InitializerDialect } from '../../catalog/initializers';
import { kerasLayerFunction, tf1LayerFunction } from '../../catalog/layers';
import { textOf } from '../../parse';
import type { NameResolver } from './syntax';

/**
 * How an initializer call is spelled, which a fix keeps: a Keras class (`HeNormal()`), Keras's
 * snake_case function (`he_normal()`, also `tf.initializers.he_normal()`), or a TF1 function
 * (`tf.zeros_initializer()`, `tf.contrib.layers.xavier_initializer()`), or Keras 1's function of the
 * shape (`initializations.normal`), which only a string can replace.
 */
export type InitializerSpelling = 'class' | 'keras-function' | 'tf1' | 'keras1-function';

export type KerasSymbol =
  | { type: 'layer'; className: string }
  /**
   * `keras.layers.add` and its kin, and TF1's `tf.layers.dense`: build the layer and apply it to
   * the first argument. `className` is the catalog key (`Add`, or `tf.layers.dense` for TF1's).
   */
  | { type: 'layerFunction'; className: string }
  | { type: 'sequential' }
  | { type: 'model' }
  /** `keras.Input`; `placeholder`: TF1's `tf.placeholder(dtype, shape)`, whose shape includes the batch axis. */
  | { type: 'input'; placeholder?: boolean }
  | { type: 'initializer'; name: string; dialect: InitializerDialect; spelling: InitializerSpelling }
  | { type: 'activation'; name: ActivationName };

/** Roots under which the Keras API lives, mapped to `keras`. */
const KERAS_ROOTS = ['tensorflow.keras', 'tensorflow.python.keras', 'tensorflow.compat.v1.keras', 'tensorflow.compat.v2.keras', 'tf_keras', 'keras'];

/** Every path the Keras family's symbols live under (KERAS_ROOTS and TF_MODULES lie beneath them). */
const FRAMEWORK_ROOTS = ['keras', 'tf_keras', 'tensorflow'];

/** Whether an import of `path` can bring a Keras-family symbol into a module. */
export function isKerasFamilyPath(path: string): boolean {
  return FRAMEWORK_ROOTS.some((root) => path === root || path.startsWith(`${root}.`));
}

/** The TensorFlow modules TF1's API hangs from; `tensorflow.compat.v1` first, it is the longer. */
const TF_MODULES = ['tensorflow.compat.v1', 'tensorflow'];

function relativeTo(path: string, roots: readonly string[]): { root: string; parts: string[] } | undefined {
  for (const root of roots) {
    if (path === root) return { root, parts: [] };
    if (path.startsWith(`${root}.`)) return { root, parts: path.slice(root.length + 1).split('.') };
  }
  return undefined;
}

/** Modules of TensorFlow that export activation functions (`tf.nn.relu`, `tf.tanh`, `tf.math.sigmoid`). */
const TF_ACTIVATION_MODULES = ['tensorflow.nn', 'tensorflow.math', 'tensorflow', 'tensorflow.compat.v1.nn', 'tensorflow.compat.v1.math', 'tensorflow.compat.v1'];

const isClassName = (name: string): boolean => /^[A-Z]/.test(name);

/** Symbols by path: the same few paths are resolved for every layer and initializer of a file. */
const symbolsByPath = new Map<string, KerasSymbol | undefined>();
const SYMBOL_CACHE_SIZE = 4096;

export function kerasSymbol(path: string): Readonly<KerasSymbol> | undefined {
  if (symbolsByPath.has(path)) return symbolsByPath.get(path);
  const symbol = resolveSymbol(path);
  // Paths are finite in practice; a cap keeps a long editing session's odd names from piling up.
  if (symbolsByPath.size >= SYMBOL_CACHE_SIZE) symbolsByPath.clear();
  symbolsByPath.set(path, symbol);
  return symbol;
}

function resolveSymbol(path: string): KerasSymbol | undefined {
  const keras = relativeTo(path, KERAS_ROOTS);
  if (keras) return kerasApiSymbol(keras.parts);
  for (const module of TF_ACTIVATION_MODULES) {
    if (path.startsWith(`${module}.`) && path.split('.').length === module.split('.').length + 1) {
      const name = activationByName(path.slice(module.length + 1));
      if (name) return { type: 'activation', name };
    }
  }
  const tf = relativeTo(path, TF_MODULES);
  return tf ? tf1Symbol(tf.parts, tf.root === 'tensorflow.compat.v1') : undefined;
}

function kerasApiSymbol(parts: string[]): KerasSymbol | undefined {
  const last = parts.at(-1) ?? '';
  const [head] = parts;
  if (parts.length === 1 || (head === 'models' && parts.length === 2)) {
    if (last === 'Sequential') return { type: 'sequential' };
    if (last === 'Model') return { type: 'model' };
    if (last === 'Input') return { type: 'input' };
  }
  // Standalone Keras 2 also exported each layer from its module: keras.layers.core.Dense,
  // keras.layers.convolutional.Conv2D, keras.layers.recurrent.LSTM.
  if (head === 'layers') {
    if (last === 'Input') return { type: 'input' };
    const applied = kerasLayerFunction(last);
    if (applied) return { type: 'layerFunction', className: applied.kind };
    return { type: 'layer', className: last };
  }
  if (head === 'initializers') return { type: 'initializer', name: last, dialect: 'keras', spelling: isClassName(last) ? 'class' : 'keras-function' };
  if (head === 'initializations' && parts.length === 2) return { type: 'initializer', name: last, dialect: 'keras1', spelling: 'keras1-function' };
  if (head === 'activations') {
    const name = activationByName(last);
    return name ? { type: 'activation', name } : undefined;
  }
  return undefined;
}

/** TF1's names relative to `tensorflow` (or `tensorflow.compat.v1` when `v1`). */
function tf1Symbol(parts: string[], v1: boolean): KerasSymbol | undefined {
  const [head] = parts;
  const last = parts.at(-1) ?? '';
  const dialect: InitializerDialect = v1 ? 'tf1' : 'tf';
  if (parts.length === 1) {
    if (last === 'placeholder') return { type: 'input', placeholder: true };
    if (initializerRow(dialect, last) && last.endsWith('_initializer')) return { type: 'initializer', name: last, dialect, spelling: 'tf1' };
    return undefined;
  }
  if (parts.length !== 2 && !(parts.length === 3 && head === 'contrib')) return undefined;
  if (head === 'layers') {
    // tf.layers.Dense is the Keras class; tf.layers.dense the TF1 function that applies it.
    if (isClassName(last)) return { type: 'layer', className: last };
    return tf1LayerFunction(`tf.layers.${last}`) ? { type: 'layerFunction', className: `tf.layers.${last}` } : undefined;
  }
  if (head === 'initializers') {
    // tf.initializers.he_normal() exists in TF1 and, as the Keras initializers, in TF2: Keras's spelling.
    if (initializerRow(dialect, last)) return { type: 'initializer', name: last, dialect, spelling: 'keras-function' };
    return isClassName(last) ? { type: 'initializer', name: last, dialect: 'keras', spelling: 'class' } : undefined;
  }
  if (head === 'contrib' && parts[1] === 'layers') {
    if (initializerRow('contrib', last)) return { type: 'initializer', name: last, dialect: 'contrib', spelling: 'tf1' };
    const key = `tf.contrib.layers.${last}`;
    return tf1LayerFunction(key) ? { type: 'layerFunction', className: key } : undefined;
  }
  return undefined;
}

/**
 * The TensorFlow module an expression is reached through, as written with its dot (`tf.`,
 * `tf.compat.v1.`): the innermost object of `node`'s attribute chain that resolves to
 * `tensorflow` or `tensorflow.compat.v1`. Empty when the chain does not start at one.
 */
export function writtenTfModule(node: SyntaxNode, names: NameResolver, source: string): string {
  for (let object = node.name === 'MemberExpression' ? node.firstChild : null; object; object = object.name === 'MemberExpression' ? object.firstChild : null) {
    if (names.candidates(object).some((path) => TF_MODULES.includes(path))) return `${textOf(source, object)}.`;
  }
  return '';
}

/** The TensorFlow module a dotted path lives in (`tensorflow.compat.v1` or `tensorflow`), if any. */
export function tfModuleOf(path: string): string | undefined {
  return relativeTo(path, TF_MODULES)?.root;
}
