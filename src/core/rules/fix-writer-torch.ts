// Writes initialization in PyTorch's idiom. An explicit `nn.init` call is swapped for the target's
// `nn.init` function with the same qualifier and tensor; an in-place tensor method
// (`w.data.normal_(0, 0.01)`) becomes an `nn.init` call on the same tensor; a layer that relies on
// its default gets initialization code where the model is defined: a `_reset_parameters` method
// called at the end of `__init__`, or `nn.init` calls after `model = nn.Sequential(...)`.

import type { SyntaxNode } from '@lezer/common';
import type { SimActivation } from '../simulate/activation-math';
import { childNamed, childrenOf, hasSyntaxErrors, parseSnippet, textOf } from '../parse';
import type { FileIR, InitializerRef, LayerIR, ModelIR, Span } from '../ir';
import { layerActivation } from './fans';
import { holdsFramework } from './graph';
import { kernelMisfit, sharesPlace } from './shared-place';
import type { TextEdit } from './types';

/** The `torch.nn.init` function a canonical initializer is written as, and its arguments after the tensor. */
interface TorchInit {
  fn: string;
  args: string[];
}

/**
 * Above this negative slope `kaiming_*_(a=slope, nonlinearity='leaky_relu')` falls below He's
 * variance band (2/(1+a²) < 1.5): the rules would judge the fix itself, so it writes ReLU's gain.
 */
const LARGEST_WRITTEN_SLOPE = Math.sqrt(1 / 3);

/**
 * PyTorch's spelling of a canonical initializer (torch/nn/init.py): He is `kaiming_*_` with
 * ReLU's gain (or leaky ReLU's, with the layer's slope), Glorot is `xavier_*_`, LeCun is
 * `kaiming_*_(nonlinearity='linear')` (gain 1 over fan_in).
 */
function torchInitOf(target: string, activation: SimActivation | undefined, quote: string): TorchInit | undefined {
  const nonlinearity = (name: string) => `nonlinearity=${quote}${name}${quote}`;
  const slope = activation?.name === 'leaky_relu' ? activation.negativeSlope : undefined;
  const heArgs = slope !== undefined && slope > 0 && slope <= LARGEST_WRITTEN_SLOPE ? [`a=${slope}`, nonlinearity('leaky_relu')] : [nonlinearity('relu')];
  switch (target) {
    case 'he_uniform':
      return { fn: 'kaiming_uniform_', args: heArgs };
    case 'he_normal':
      return { fn: 'kaiming_normal_', args: heArgs };
    case 'glorot_uniform':
      return { fn: 'xavier_uniform_', args: [] };
    case 'glorot_normal':
      return { fn: 'xavier_normal_', args: [] };
    case 'lecun_uniform':
      return { fn: 'kaiming_uniform_', args: [nonlinearity('linear')] };
    case 'lecun_normal':
      return { fn: 'kaiming_normal_', args: [nonlinearity('linear')] };
    default:
      return undefined;
  }
}

function callText(qualifier: string, init: TorchInit, tensor: string): string {
  return `${qualifier}${init.fn}(${[tensor, ...init.args].join(', ')})`;
}

/** The model of `file` that holds `layer`, when it is a PyTorch model. */
export function torchModelOf(file: FileIR, layer: LayerIR): ModelIR | undefined {
  if (!holdsFramework(file, 'torch')) return undefined;
  return file.models.find((model) => model.framework === 'torch' && model.layers.includes(layer));
}

function activationOf(model: ModelIR, layer: LayerIR): SimActivation | undefined {
  return layerActivation(model, model.layers.indexOf(layer));
}

/**
 * How code this fix inserts reaches `torch.nn.init`, with its dot: the qualifier the file's own
 * `nn.init` calls use, else through its imports (`from torch.nn import init` → `init.`,
 * `import torch.nn as nn` → `nn.init.`, `import torch` → `torch.nn.init.`); undefined when the
 * file has no way to write it.
 */
function nnInitQualifier(file: FileIR): string | undefined {
  for (const model of file.models) {
    if (model.framework !== 'torch') continue;
    for (const layer of model.layers) {
      const form = layer.kernelInitializer?.form;
      if (form?.kind === 'torch-init' && form.style === 'call' && form.qualifier !== '') return form.qualifier;
    }
  }
  const local = (path: string) => file.imports.find((binding) => binding.path === path && binding.local !== '*')?.local;
  const init = local('torch.nn.init');
  if (init !== undefined) return `${init}.`;
  const nn = local('torch.nn');
  if (nn !== undefined) return `${nn}.init.`;
  const torch = local('torch');
  return torch !== undefined ? `${torch}.nn.init.` : undefined;
}

/** How an explicit initialization is rewritten: the call that replaces it, and an import it needs. */
interface SwapPlan {
  qualifier: string;
  init: TorchInit;
  tensor: string;
  /** `from torch.nn.init import …`: where the new function's name is appended, when it is written bare. */
  importAt?: number;
}

/** The swap of an explicitly initialized PyTorch layer's kernel to `target`; undefined when it cannot be written. */
function swapPlan(file: FileIR, source: string, model: ModelIR, layer: LayerIR, ref: InitializerRef, target: string): SwapPlan | undefined {
  const form = ref.form;
  if (form.kind !== 'torch-init' || !ref.span) return undefined;
  // A half-typed call (`w.data.normal_(0, 0.01` with no closing parenthesis) is left alone: the
  // parser's recovery decides where it ends, and replacing that text can change how the rest reads.
  if (hasSyntaxErrors(parseSnippet(source.slice(ref.span.from, ref.span.to), 'python'))) return undefined;
  // A call shared by several layers (an `apply` function, a loop over modules) gets the arguments
  // every one of them can take: ReLU's gain, not one layer's leaky slope.
  const init = torchInitOf(target, sharesPlace(file, layer) ? undefined : activationOf(model, layer), file.quote);
  if (!init) return undefined;
  const plan = (qualifier: string | undefined, importAt?: number): SwapPlan | undefined =>
    qualifier === undefined ? undefined : { qualifier, init, tensor: form.tensorText, ...(importAt !== undefined ? { importAt } : {}) };
  // `w.data.normal_(0, 0.01)` becomes `nn.init.kaiming_normal_(w, …)`, through the file's torch.nn.
  if (form.style === 'method') return plan(form.qualifier !== '' ? `${form.qualifier}init.` : nnInitQualifier(file));
  if (form.qualifier !== '') return plan(form.qualifier);
  // A bare imported function (`from torch.nn.init import xavier_uniform_`): the new one is imported beside it.
  const imported = file.imports.some((binding) => binding.local === init.fn || (binding.local === '*' && binding.path === 'torch.nn.init'));
  if (imported) return plan('');
  const list = file.imports.find((binding) => binding.appendAt !== undefined && binding.path.startsWith('torch.nn.init.'));
  return list ? plan('', list.appendAt) : plan(nnInitQualifier(file));
}

function swapEdits(ref: InitializerRef, plan: SwapPlan): TextEdit[] {
  const replace: TextEdit = { from: ref.span!.from, to: ref.span!.to, text: callText(plan.qualifier, plan.init, plan.tensor) };
  return plan.importAt === undefined ? [replace] : [replace, { from: plan.importAt, to: plan.importAt, text: `, ${plan.init.fn}` }];
}

/** Edits that make `layer`'s kernel initializer `target` (a canonical name such as `he_uniform`) in a PyTorch model. */
export function torchKernelInitializerEdits(file: FileIR, source: string, layer: LayerIR, target: string): TextEdit[] {
  const model = torchModelOf(file, layer);
  const ref = layer.kernelInitializer;
  if (!model || !ref) return [];
  if (ref.explicit) {
    const plan = swapPlan(file, source, model, layer, ref, target);
    return plan ? swapEdits(ref, plan) : [];
  }
  return defaultsEdits(file, source, model).layers.includes(layer) ? defaultsEdits(file, source, model).edits : [];
}

/** A layer that relies on a default the rules find wrong, and what it gets instead. */
interface PendingLayer {
  layer: LayerIR;
  accessor: string;
  init: TorchInit;
}

/** The one insertion that initializes every mismatched default of a model, and the layers it covers. */
interface DefaultsInsertion {
  edits: TextEdit[];
  layers: LayerIR[];
  /** `_reset_parameters` for a class, the model's variable for a statement. */
  place: { kind: 'method'; name: string } | { kind: 'statement'; variable: string };
  qualifier: string;
}

const NO_INSERTION: DefaultsInsertion = { edits: [], layers: [], place: { kind: 'statement', variable: '' }, qualifier: '' };

/**
 * Every finding of a model gets the same insertion (its edits are the same objects), so fix-all
 * applies it once and one quick fix initializes the whole model. Built once per model.
 */
const insertions = new WeakMap<ModelIR, DefaultsInsertion>();

function defaultsEdits(file: FileIR, source: string, model: ModelIR): DefaultsInsertion {
  let insertion = insertions.get(model);
  if (!insertion) {
    insertion = buildInsertion(file, source, model) ?? NO_INSERTION;
    insertions.set(model, insertion);
  }
  return insertion;
}

/** Layers relying on a default that does not fit their activation, reachable by an accessor. */
function pendingLayers(file: FileIR, model: ModelIR): PendingLayer[] {
  const pending: PendingLayer[] = [];
  model.layers.forEach((layer, index) => {
    if (layer.kernelInitializer?.explicit !== false || layer.accessor === undefined) return;
    const found = kernelMisfit(model, index);
    const init = found && torchInitOf(found.target, layerActivation(model, index), file.quote);
    if (init) pending.push({ layer, accessor: layer.accessor, init });
  });
  return pending;
}

/** An accessor with one element index in it: `self.hidden[3]` is `self.hidden`, 3, ``; `self.blocks[0].conv1` is `self.blocks`, 0, `.conv1`. */
interface IndexedAccessor {
  container: string;
  index: number;
  rest: string;
}

function indexedAccessor(accessor: string): IndexedAccessor | undefined {
  const subscripts: SyntaxNode[] = [];
  parseSnippet(accessor, 'python').iterate({
    enter(node) {
      if (node.name === 'MemberExpression' && childNamed(node.node, '[')) subscripts.push(node.node);
    },
  });
  const subscript = subscripts.length === 1 ? subscripts[0] : undefined;
  const open = subscript && childNamed(subscript, '[');
  const index = open?.nextSibling;
  const close = index?.nextSibling;
  if (!open || index?.name !== 'Number' || close?.name !== ']' || !/^\d+$/.test(textOf(accessor, index))) return undefined;
  return { container: accessor.slice(0, open.from), index: Number(textOf(accessor, index)), rest: accessor.slice(close.to) };
}

/**
 * The initialization lines for `pending`, one per layer (`nn.init.kaiming_uniform_(self.fc1.weight, …)`),
 * except that the elements of a container built by one repeated call (`nn.ModuleList([nn.Linear(…)
 * for _ in range(depth)])`) are initialized by a loop over the container: their number may depend
 * on the constructor's arguments, which `self.hidden[5]` would get wrong. A loop is written only
 * when every element the model has in that container is one of them, with the same initialization.
 */
function initializationLines(model: ModelIR, pending: readonly PendingLayer[], qualifier: string, indent: string): string[] {
  const groups = new Map<string, { container: string; rest: string; call: string; indices: number[] }>();
  const text = (item: PendingLayer) => callText(qualifier, item.init, '\u0000');
  for (const item of pending) {
    const indexed = indexedAccessor(item.accessor);
    if (!indexed) continue;
    const key = `${indexed.container}\u0000${indexed.rest}`;
    const group = groups.get(key);
    const call = `${item.layer.span.from}:${text(item)}`;
    if (!group) groups.set(key, { container: indexed.container, rest: indexed.rest, call, indices: [indexed.index] });
    else if (group.call === call) group.indices.push(indexed.index);
    else group.indices = [];
  }
  for (const [key, group] of groups) {
    const members = model.layers.filter((layer) => {
      const indexed = layer.accessor === undefined ? undefined : indexedAccessor(layer.accessor);
      return indexed !== undefined && `${indexed.container}\u0000${indexed.rest}` === key;
    });
    const sorted = [...group.indices].sort((a, b) => a - b);
    if (sorted.length < 2 || members.length !== sorted.length || sorted.some((index, i) => index !== i)) groups.delete(key);
  }
  const lines: string[] = [];
  const written = new Set<string>();
  for (const item of pending) {
    const indexed = indexedAccessor(item.accessor);
    const key = indexed && `${indexed.container}\u0000${indexed.rest}`;
    const group = key === undefined ? undefined : groups.get(key);
    if (!group || !key) {
      lines.push(callText(qualifier, item.init, `${item.accessor}.weight`));
    } else if (!written.has(key)) {
      written.add(key);
      lines.push(`for layer in ${group.container}:`, `${indent}${callText(qualifier, item.init, `layer${group.rest}.weight`)}`);
    }
  }
  return lines;
}

function buildInsertion(file: FileIR, source: string, model: ModelIR): DefaultsInsertion | undefined {
  const place = model.torchPlace;
  const qualifier = nnInitQualifier(file);
  const pending = pendingLayers(file, model);
  // Code inserted into a file the parser had to recover (a half-typed line) may land where the
  // extractor cannot read it back, and every fix-all would insert it again.
  if (!place || qualifier === undefined || pending.length === 0 || file.hasSyntaxErrors) return undefined;
  const layers = pending.map((item) => item.layer);
  // Inserted lines end as the file's lines do.
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  if (place.kind === 'statement') {
    const at = endOfLine(source, place.statementSpan.to);
    if (at === undefined) return undefined;
    const lines = initializationLines(model, pending, qualifier, indentUnit(source, place.indent));
    const text = lines.map((line) => `${eol}${place.indent}${line}`).join('');
    return { edits: [{ from: at, to: at, text }], layers, place: { kind: 'statement', variable: place.variable }, qualifier };
  }
  if (!place.initSpan) return undefined;
  const init = readInit(source, place.initSpan);
  const method = freeMethodName(source, place.classSpan);
  if (!init || !method) return undefined;
  const lines = initializationLines(model, pending, qualifier, init.bodyIndent.slice(place.indent.length) || '    ');
  const body = lines.map((line) => `${eol}${init.bodyIndent}${line}`).join('');
  const text = `${eol}${init.bodyIndent}${init.self}.${method}()${eol}${eol}${place.indent}def ${method}(${init.self}):${body}`;
  return { edits: [{ from: init.end, to: init.end, text }], layers, place: { kind: 'method', name: method }, qualifier };
}

/** One level of indentation as the file writes it: the first indented line's indent beyond `base`, else four spaces. */
function indentUnit(source: string, base: string): string {
  for (const line of source.split('\n')) {
    if (!line.startsWith(base) || line.trim() === '') continue;
    const extra = /^[ \t]*/.exec(line.slice(base.length))![0];
    if (extra !== '') return extra;
  }
  return '    ';
}

/**
 * The end of the line a statement ending at `offset` closes, after a comment that ends that
 * line; undefined when another statement follows on it (`x = f(); y = 2`).
 */
function endOfLine(source: string, offset: number): number | undefined {
  let end = offset;
  while (end > 0 && /\s/.test(source[end - 1])) end--;
  const newline = source.indexOf('\n', end);
  const lineEnd = newline === -1 ? source.length : newline;
  const rest = source.slice(end, lineEnd);
  if (rest.trim() === '') return end;
  // The rest of the line, read as Python: a comment is passed over, another statement is not.
  const nodes = childrenOf(parseSnippet(rest, 'python').topNode);
  return nodes.every((node) => node.name === 'Comment') ? lineEnd - (rest.length - rest.trimEnd().length) : undefined;
}

/** `__init__`'s first parameter, the indent of its body, and where its last statement's line ends. */
function readInit(source: string, initSpan: Span): { self: string; bodyIndent: string; end: number } | undefined {
  const text = source.slice(initSpan.from, initSpan.to);
  const definition = childNamed(parseSnippet(text, 'python').topNode, 'FunctionDefinition');
  const params = definition && childNamed(definition, 'ParamList');
  const body = definition && childNamed(definition, 'Body');
  const self = params && childNamed(params, 'VariableName');
  const statements = body ? childrenOf(body).filter((node) => node.name !== ':' && node.name !== 'Comment') : [];
  const first = statements[0];
  const last = statements.at(-1);
  if (!self || !first || !last || last.name === 'ReturnStatement') return undefined;
  const lineStart = text.lastIndexOf('\n', first.from) + 1;
  // A body on the `def` line itself (`def __init__(self): ...`) has no indent to write at.
  if (lineStart === 0) return undefined;
  const bodyIndent = text.slice(lineStart, first.from);
  if (bodyIndent.trim() !== '') return undefined;
  const end = endOfLine(source, initSpan.from + last.to);
  return end === undefined ? undefined : { self: textOf(text, self), bodyIndent, end };
}

/**
 * `_reset_parameters`, or `_init_weights` when the class already defines that; undefined when it
 * defines both, or defines `__init__` more than once (the last one is Python's: the insertion
 * could land in one that never runs).
 */
function freeMethodName(source: string, classSpan: Span): string | undefined {
  const text = source.slice(classSpan.from, classSpan.to);
  const definition = childNamed(parseSnippet(text, 'python').topNode, 'ClassDefinition');
  const body = definition && childNamed(definition, 'Body');
  if (!body) return undefined;
  const defined: string[] = [];
  const collect = (node: SyntaxNode): void => {
    for (const child of childrenOf(node)) {
      if (child.name === 'FunctionDefinition' || child.name === 'ClassDefinition') {
        const name = childNamed(child, 'VariableName');
        if (name) defined.push(textOf(text, name));
      } else if (child.name === 'DecoratedStatement') {
        collect(child);
      } else if (child.name === 'AssignStatement') {
        for (const target of childrenOf(child)) if (target.name === 'VariableName') defined.push(textOf(text, target));
      }
    }
  };
  collect(body);
  if (defined.filter((name) => name === '__init__').length !== 1) return undefined;
  return ['_reset_parameters', '_init_weights'].find((name) => !defined.includes(name));
}

/** The quick fix's title data for a PyTorch layer: the call it writes, and for a default what the insertion covers. */
export function torchFixData(file: FileIR, source: string, layer: LayerIR, target: string): { messageId: string; data: Record<string, string> } {
  const model = torchModelOf(file, layer);
  const ref = layer.kernelInitializer;
  if (!model || !ref) return { messageId: 'useTorchInit', data: { initializer: target } };
  if (ref.explicit) {
    const plan = swapPlan(file, source, model, layer, ref, target);
    return { messageId: 'useTorchInit', data: { initializer: plan ? callText(plan.qualifier, plan.init, '…') : target } };
  }
  const insertion = defaultsEdits(file, source, model);
  const init = torchInitOf(target, activationOf(model, layer), file.quote);
  const quoted = insertion.layers.map((covered) => `'${covered.name}'`);
  // A deep stack's title names a few layers and counts the rest.
  const names = quoted.length > 4 ? `${quoted.slice(0, 3).join(', ')} and ${quoted.length - 3} more layers` : quoted.join(', ');
  const where =
    insertion.place.kind === 'method'
      ? `in a new ${insertion.place.name}() method called at the end of __init__`
      : `with nn.init calls after '${insertion.place.variable}' is built`;
  return {
    messageId: 'addTorchInit',
    data: { initializer: init ? callText(insertion.qualifier || 'nn.init.', init, '…') : target, layers: names || `'${layer.name}'`, where },
  };
}
