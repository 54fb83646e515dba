// Writes an initializer swap in the file's own dialect: a string stays a string, a class stays
// a class with the same module path and seed, Keras's snake_case function stays a function, a
// TF1 function stays a TF1 function under the same TensorFlow module; a missing initializer is
// added with the keyword (and, for TF1's layer functions, the value form) the call's dialect takes.
// TF.js and PyTorch have writers of their own (fix-writer-tfjs.ts, fix-writer-torch.ts).

import type { SyntaxNode } from '@lezer/common';
import { kerasClassName, kerasSpec } from '../catalog/initializers';
import { kerasLayer, type LayerRow } from '../catalog/layers';
import { kerasSymbol, tfModuleOf, writtenTfModule } from '../extract/python/keras-names';
import { NameResolver, readArguments } from '../extract/python/syntax';
import { childNamed, childrenOf, hasSyntaxErrors, parseSnippet } from '../parse';
import type { FileIR, InitializerRef, LayerIR } from '../ir';
import { fitsEveryUse } from './shared-place';
import type { Fix, RuleContext, TextEdit } from './types';
import { isTfjsLayer, tfjsInitializerName, tfjsKernelInitializerEdits, tfjsKernelOption } from './fix-writer-tfjs';
import { torchFixData, torchKernelInitializerEdits, torchModelOf } from './fix-writer-torch';

/** Edits that make `layer`'s kernel initializer `target` (a canonical name such as `he_normal`). */
export function kernelInitializerEdits(file: FileIR, source: string, layer: LayerIR, target: string): TextEdit[] {
  if (isTfjsLayer(file, layer)) return tfjsKernelInitializerEdits(file, source, layer, target);
  if (torchModelOf(file, layer)) return torchKernelInitializerEdits(file, source, layer, target);
  const ref = layer.kernelInitializer;
  if (!ref) return [];
  if (!ref.explicit || !ref.span) {
    const call = layerCall(file, source, layer);
    const value = call?.value(target);
    return call && value !== undefined ? call.setArgument(call.keyword, value) : [];
  }
  return replaceInitializer(file, source, ref, target, () => layerCall(file, source, layer));
}

function replaceInitializer(file: FileIR, source: string, ref: InitializerRef, target: string, callOf: () => LayerCall | undefined): TextEdit[] {
  const span = ref.span!;
  const form = ref.form;
  const replace = (text: string): TextEdit => ({ from: span.from, to: span.to, text });
  const seed = 'seedText' in form && form.seedText !== undefined ? `seed=${form.seedText}` : '';
  switch (form.kind) {
    case 'string':
      return [replace(`${form.quote}${target}${form.quote}`)];
    case 'class': {
      const className = kerasClassName(target);
      return [replace(`${form.qualifier}${className}(${seed})`), ...(form.qualifier === '' ? importEdits(file, className) : [])];
    }
    case 'keras-function':
      return [replace(`${form.qualifier}${target}(${seed})`), ...(form.qualifier === '' ? importEdits(file, target) : [])];
    case 'tf1':
      return tf1Swap(file, form.root, source.slice(form.nameSpan.from, form.nameSpan.to), target, seed, replace);
    default: {
      // Not a form we can rewrite in place (a variable, a custom initializer): the value the call's dialect takes.
      const value = callOf()?.value(target);
      return value === undefined ? [] : [replace(value)];
    }
  }
}

/** A bare name needs an import: add it to the `from keras.initializers import …` list. */
function importEdits(file: FileIR, name: string): TextEdit[] {
  if (file.imports.some((binding) => binding.local === name)) return [];
  const initializerImport = file.imports.find(
    (binding) => binding.appendAt !== undefined && /(^|\.)initializers\.[A-Za-z_]+$/.test(binding.path),
  );
  if (!initializerImport) return [];
  return [{ from: initializerImport.appendAt!, to: initializerImport.appendAt!, text: `, ${name}` }];
}

/**
 * A TF1 function swapped for the TF1 function of `target`. `root` is the TensorFlow module the old
 * one was reached through; empty when its name was imported bare, then the new name is imported
 * beside it (`from tensorflow import zeros_initializer, glorot_uniform_initializer`). contrib's own
 * functions take other arguments: their replacement is TensorFlow's, through the file's TF module.
 */
function tf1Swap(file: FileIR, root: string, written: string, target: string, seed: string, replace: (text: string) => TextEdit): TextEdit[] {
  const call = (prefix: string) => tf1InitializerCall(target, prefix, file.quote, seed);
  if (root !== '') return optional(call(root), (text) => [replace(text)]);
  const binding = file.imports.find((candidate) => candidate.local === written);
  const module = binding && tfModuleOf(binding.path);
  if (binding?.appendAt !== undefined && module && binding.path === `${module}.${written}`) {
    return optional(call(''), (text) => {
      const name = text.slice(0, text.indexOf('('));
      const imported = file.imports.some((other) => other.local === name);
      return [replace(text), ...(imported ? [] : [{ from: binding.appendAt!, to: binding.appendAt!, text: `, ${name}` }])];
    });
  }
  const tf = tfModuleRoot(file, module ?? 'tensorflow');
  return tf ? optional(call(tf), (text) => [replace(text)]) : [];
}

function optional(text: string | undefined, edits: (text: string) => TextEdit[]): TextEdit[] {
  return text === undefined ? [] : edits(text);
}

/**
 * `module` (`tensorflow` or `tensorflow.compat.v1`) as the file can write it, with its dot, through an
 * `import tensorflow[.compat.v1] as tf` binding: `tf.`, or `tf.compat.v1.` from plain `tensorflow`.
 * TF1's names are in both modules, so `tensorflow` may also be reached through compat.v1's binding.
 */
function tfModuleRoot(file: Pick<FileIR, 'imports'>, module: string): string | undefined {
  const local = (path: string) => file.imports.find((candidate) => candidate.path === path && candidate.local !== '*')?.local;
  const v1 = local('tensorflow.compat.v1');
  const tf = local('tensorflow');
  if (module === 'tensorflow.compat.v1') return v1 !== undefined ? `${v1}.` : tf !== undefined ? `${tf}.compat.v1.` : undefined;
  return tf !== undefined ? `${tf}.` : v1 !== undefined ? `${v1}.` : undefined;
}

/**
 * TF1's function for a canonical variance-scaling initializer: `glorot_uniform_initializer()`,
 * or `variance_scaling_initializer(scale=2.0, mode='fan_in', distribution='truncated_normal')` for He
 * and LeCun (TF1 has no function of their names outside tf.initializers).
 */
export function tf1InitializerCall(target: string, root: string, quote: string, seed = ''): string | undefined {
  const spec = kerasSpec(target);
  if (spec?.kind !== 'variance_scaling') return undefined;
  if (target === 'glorot_uniform' || target === 'glorot_normal') return `${root}${target}_initializer(${seed})`;
  const distribution = spec.distribution === 'normal' ? 'untruncated_normal' : spec.distribution;
  const scale = Number.isInteger(spec.scale) ? spec.scale.toFixed(1) : String(spec.scale);
  const args = [`scale=${scale}`, `mode=${quote}${spec.mode}${quote}`, `distribution=${quote}${distribution}${quote}`, ...(seed ? [seed] : [])];
  return `${root}variance_scaling_initializer(${args.join(', ')})`;
}

/** A layer's call as its dialect writes a kernel initializer argument. */
interface LayerCall {
  /** `kernel_initializer`, the layer's own (`embeddings_initializer`), Keras 1's `init`, contrib's `weights_initializer`. */
  keyword: string;
  /** The value of `target` in this call: a string, or for TF1's layer functions a TF1 function call; undefined when it cannot be written. */
  value(target: string): string | undefined;
  /** Edits that set `keyword=value`: its value replaced where written (`kernel_initializer=None`), else added as the last argument. */
  setArgument(keyword: string, value: string): TextEdit[];
}

/** Each layer's call as read for one file and text: rules fix the same layer more than once (and name its keyword). */
const layerCalls = new WeakMap<LayerIR, { file: FileIR; source: string; call: LayerCall | undefined }>();

function layerCall(file: FileIR, source: string, layer: LayerIR): LayerCall | undefined {
  const read = layerCalls.get(layer);
  if (read?.file === file && read.source === source) return read.call;
  const shape = callShape(file, layer.kind, source.slice(layer.span.from, layer.span.to));
  const offset = layer.span.from;
  const call: LayerCall | undefined = shape && {
    keyword: shape.keyword,
    value: shape.value,
    setArgument: (keyword, value) => shape.argumentEdits(keyword, value).map((edit) => ({ from: edit.from + offset, to: edit.to + offset, text: edit.text })),
  };
  layerCalls.set(layer, { file, source, call });
  return call;
}

/** A layer call read from its text alone, its edits relative to the call's start. */
interface CallShape {
  keyword: string;
  value(target: string): string | undefined;
  argumentEdits(keyword: string, value: string): TextEdit[];
}

/** What of a file reading a layer call depends on: the names its imports bind and its quote. */
type CallContext = Pick<FileIR, 'imports' | 'quote'>;

/**
 * Call shapes by the file's imports and quote, then by layer kind and text: files write the same
 * layer call many times (`layers.Dense(64, activation="relu")`), in file after file under the same
 * imports, and where it stands changes only the offsets. Bounded: a long session starts over.
 */
const callShapesByContext = new Map<string, { context: CallContext; shapes: Map<string, CallShape | undefined> }>();
const callShapesOfFile = new WeakMap<FileIR, { context: CallContext; shapes: Map<string, CallShape | undefined> }>();
const CALL_CONTEXTS_KEPT = 16;
const CALL_SHAPES_KEPT = 5000;

function callShape(file: FileIR, kind: string, text: string): CallShape | undefined {
  let entry = callShapesOfFile.get(file);
  if (!entry) {
    const contextKey = `${file.quote}\u0000${file.imports.map((binding) => `${binding.local}\u0001${binding.path}`).join('\u0002')}`;
    entry = callShapesByContext.get(contextKey);
    if (!entry) {
      if (callShapesByContext.size >= CALL_CONTEXTS_KEPT) callShapesByContext.clear();
      // Only the bindings' names and paths are read: the first file's list stands for every file with the same ones.
      callShapesByContext.set(contextKey, (entry = { context: { imports: file.imports, quote: file.quote }, shapes: new Map() }));
    }
    callShapesOfFile.set(file, entry);
  }
  const { context, shapes } = entry;
  const key = `${kind}\u0000${text}`;
  if (shapes.has(key)) return shapes.get(key);
  const shape = readCallShape(context, kind, text);
  if (shapes.size >= CALL_SHAPES_KEPT) shapes.clear();
  shapes.set(key, shape);
  return shape;
}

/**
 * Reads the layer's call again (the IR keeps the canonical kind, not the spelling): which API it
 * is (Keras 3 / 2, Keras 1 by its keywords, a TF1 layer function), and where its arguments end.
 */
function readCallShape(file: CallContext, kind: string, text: string): CallShape | undefined {
  let call: SyntaxNode | null = parseSnippet(text, 'python').topNode;
  while (call && call.name !== 'CallExpression') call = call.firstChild;
  const callee = call?.firstChild;
  const argList = call && childNamed(call, 'ArgList');
  if (!call || !callee || !argList || call.from !== 0) return undefined;
  const names = new NameResolver(file.imports, text);
  const paths = names.candidates(callee);
  const symbol = paths.map(kerasSymbol).find((found) => found?.type === 'layer' || found?.type === 'layerFunction');
  const row = symbol && (symbol.type === 'layer' || symbol.type === 'layerFunction') ? kerasLayer(symbol.className) : kerasLayer(kind);
  const kernelParam = row?.weights?.kernel.param ?? 'kernel_initializer';
  const edits = new Map<string, TextEdit[]>();
  const argumentEdits = (keyword: string, value: string): TextEdit[] => {
    const key = `${keyword}\u0000${value}`;
    let found = edits.get(key);
    if (!found) edits.set(key, (found = setArgument(keyword, value)));
    return found;
  };
  const setArgument = (keyword: string, value: string): TextEdit[] => {
    const written = readArguments(argList, text).args.find((arg) => arg.keyword === keyword);
    if (written) return [{ from: written.value.from, to: written.value.to, text: value }];
    // A half-typed argument list (an error inside) is left alone: the new argument could land where
    // the extractor cannot read it, and every fix-all would add it again.
    if (hasSyntaxErrors(argList)) return [];
    return keywordArgumentEdits(text, argList, 0, `${keyword}=${value}`);
  };
  const stringValue = (target: string) => `${file.quote}${target}${file.quote}`;

  if (symbol?.type === 'layerFunction' && symbol.className.startsWith('tf.')) {
    // TF1's layer functions take initializer objects: write TF1's function, through the call's TF module.
    const module = paths.map(tfModuleOf).find((found) => found !== undefined) ?? 'tensorflow';
    const written = writtenTfModule(callee, names, text);
    const root = written !== '' ? written : tfModuleRoot(file, module);
    return {
      keyword: (row && legacyKeyword(row, kernelParam)) ?? kernelParam,
      value: (target) => (root === undefined ? undefined : tf1InitializerCall(target, root, file.quote)),
      argumentEdits,
    };
  }
  // Keras 1 (and standalone Keras 2's legacy interface) spells the kernel initializer `init`;
  // only a call that already uses Keras 1 keywords is known to run where `init=` is accepted.
  const keras1 = row?.renamed !== undefined && readArguments(argList, text).args.some((arg) => arg.keyword !== undefined && Object.hasOwn(row.renamed!, arg.keyword));
  return { keyword: (keras1 && row && legacyKeyword(row, kernelParam)) || kernelParam, value: stringValue, argumentEdits };
}

/** The older keyword a row renames to `param` (`init` → `kernel_initializer`), if any. */
function legacyKeyword(row: LayerRow, param: string): string | undefined {
  return Object.entries(row.renamed ?? {}).find(([, to]) => to === param)?.[0];
}

/**
 * Adds `argument` after the last argument of `argList` (a node of `text`, which starts at `offset`
 * in the file): after a trailing comma when there is one, and on a line of its own when the call
 * is laid out one argument per line. A comment closing the last argument's line stays with it.
 */
function keywordArgumentEdits(text: string, argList: SyntaxNode, offset: number, argument: string): TextEdit[] {
  const children = childrenOf(argList);
  const close = children.at(-1);
  if (close?.name !== ')') return [];
  const items = children.filter((node) => node.name !== '(' && node.name !== ')' && node.name !== 'Comment');
  const last = items.at(-1);
  const at = (position: number, inserted: string): TextEdit => ({ from: offset + position, to: offset + position, text: inserted });
  if (!last) return [at(close.from, argument)];
  const previous = items.at(-2);
  const anchor = last.name === ',' && previous ? previous : last;
  if (!text.slice(anchor.to, close.from).includes('\n')) return [at(last.to, last.name === ',' ? ` ${argument}` : `, ${argument}`)];
  const lineStart = text.lastIndexOf('\n', anchor.from) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, anchor.from))![0];
  const comment = children.find((node) => node.name === 'Comment' && node.from >= last.to && !text.slice(last.to, node.from).includes('\n'));
  const lineEnd = comment ? comment.to : last.to;
  if (last.name === ',') return [at(lineEnd, `\n${indent}${argument},`)];
  return comment ? [at(last.to, ','), at(lineEnd, `\n${indent}${argument}`)] : [at(last.to, `,\n${indent}${argument}`)];
}

/** The fix every initializer rule offers: swap in `target`, titled by the rule's `useInitializer` message. */
export function swapInitializerFix(context: RuleContext, layer: LayerIR, target: string, activation: string, safety: Fix['safety']): Fix {
  const edits = () => (fitsEveryUse(context, layer, target) ? kernelInitializerEdits(context.file, context.source, layer, target) : []);
  // PyTorch: an `nn.init` call (`useTorchInit`), or for a default the initialization code inserted (`addTorchInit`).
  if (torchModelOf(context.file, layer)) {
    const { messageId, data } = torchFixData(context.file, context.source, layer, target);
    return { messageId, data: { ...data, activation }, edits: edits(), safety };
  }
  // TF.js names initializers and their options in camelCase (`kernelInitializer: 'heNormal'`).
  const tfjs = isTfjsLayer(context.file, layer);
  return {
    messageId: 'useInitializer',
    data: {
      initializer: tfjs ? tfjsInitializerName(target) : target,
      parameter: tfjs ? tfjsKernelOption(layer) : pythonKernelKeyword(context, layer),
      activation,
    },
    edits: edits(),
    safety,
  };
}

/** The keyword a Python layer's kernel initializer is written with; read from the call only when the argument is missing. */
function pythonKernelKeyword(context: RuleContext, layer: LayerIR): string {
  const param = kerasLayer(layer.kind)?.weights?.kernel.param ?? 'kernel_initializer';
  return layer.kernelInitializer?.explicit ? param : (layerCall(context.file, context.source, layer)?.keyword ?? param);
}
