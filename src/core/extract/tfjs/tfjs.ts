// Finds TensorFlow.js Layers models in a JavaScript/TypeScript tree: `tf.sequential({layers: […]})`,
// `model.add(…)`, and functional `layer.apply(x)` graphs closed by `tf.model({inputs, outputs})`.

import type { SyntaxNode } from '@lezer/common';
import { kerasAutoName } from '../../catalog/layers';
import { tfjsLayer, type TfjsLayerRow } from '../../catalog/tfjs';
import { childNamed, textOf } from '../../parse';
import type { LayerIR, ModelIR, Span } from '../../ir';
import { placedLayer } from '../layer-draft';
import { fixedShape, LayerReader, span, unknownDraft, type Constants, type LayerDraft, type ValueReader } from './layer-reader';
import type { Scope } from './scopes';
import { arrayItems, callArguments, literalValue, objectProperties, shapeValue, sameNode, TFJS_ROOT, unwrap, type NameResolver, type ObjectProperty } from './syntax';

type TfjsSymbol =
  | { type: 'layer'; row: TfjsLayerRow }
  | { type: 'sequential' }
  | { type: 'model' }
  | { type: 'input' }
  | { type: 'initializer'; name: string };

function symbolOfPath(path: string | undefined): TfjsSymbol | undefined {
  if (!path?.startsWith(`${TFJS_ROOT}.`)) return undefined;
  const parts = path.split('.').slice(1);
  if (parts.length === 1) {
    if (parts[0] === 'sequential') return { type: 'sequential' };
    if (parts[0] === 'model') return { type: 'model' };
    if (parts[0] === 'input') return { type: 'input' };
    return undefined;
  }
  if (parts.length !== 2) return undefined;
  if (parts[0] === 'layers') {
    const row = tfjsLayer(parts[1]);
    return row ? { type: 'layer', row } : undefined;
  }
  if (parts[0] === 'initializers') return { type: 'initializer', name: parts[1] };
  return undefined;
}

export class TfjsExtractor implements ValueReader {
  private readonly models: ModelIR[] = [];
  /** Symbols by resolved path: a file names the same few TF.js functions many times. */
  private readonly symbols = new Map<string, TfjsSymbol | undefined>();

  constructor(
    readonly source: string,
    private readonly names: NameResolver,
  ) {}

  extract(scopes: readonly Scope[]): ModelIR[] {
    for (const scope of scopes) if (scope.calls.length > 0) new ScopeExtractor(this, scope.calls, scope.constants).run();
    return this.models.sort((a, b) => a.span.from - b.span.from);
  }

  addModel(model: ModelIR): void {
    this.models.push(model);
  }

  text(node: SyntaxNode): string {
    return textOf(this.source, node);
  }

  symbolOf(node: SyntaxNode): TfjsSymbol | undefined {
    const path = this.names.resolve(unwrap(node));
    if (path === undefined) return undefined;
    if (!this.symbols.has(path)) this.symbols.set(path, symbolOfPath(path));
    return this.symbols.get(path);
  }

  /** A value through `const` bindings that are not imports (one name may lead to another). */
  resolveValue(node: SyntaxNode, constants: Constants): SyntaxNode {
    let current = unwrap(node);
    for (let depth = 0; depth < 8 && current.name === 'VariableName'; depth++) {
      const name = this.text(current);
      const bound = this.names.isImported(name) ? undefined : constants.get(name);
      if (!bound) break;
      current = unwrap(bound);
    }
    return current;
  }

  /** A layer from its factory call, or undefined when the call is not a catalogued TF.js layer. */
  layerFromCall(call: SyntaxNode, constants: Constants): LayerDraft | undefined {
    if (call.name !== 'CallExpression' || !call.firstChild) return undefined;
    const symbol = this.symbolOf(call.firstChild);
    if (symbol?.type !== 'layer') return undefined;
    return new LayerReader(this, constants).read(call, symbol.row);
  }

  inputFromCall(call: SyntaxNode, constants: Constants): LayerDraft | undefined {
    if (call.name !== 'CallExpression' || !call.firstChild || this.symbolOf(call.firstChild)?.type !== 'input') return undefined;
    const args = childNamed(call, 'ArgList');
    const options = args ? callArguments(args)?.[0] : undefined;
    const object = options ? this.resolveValue(options, constants) : undefined;
    const { properties } = object?.name === 'ObjectExpression' ? objectProperties(object, this.source) : { properties: new Map<string, ObjectProperty>() };
    const shape = properties.get('shape');
    const batchShape = properties.get('batchShape');
    const inputShape = shape ? fixedShape(shapeValue(this.resolveValue(shape.value, constants), this.source)) : batchShape ? fixedShape(shapeValue(this.resolveValue(batchShape.value, constants), this.source)?.slice(1)) : undefined;
    const name = properties.get('name');
    const nameValue = name ? literalValue(this.resolveValue(name.value, constants), this.source) : undefined;
    return {
      node: call,
      upstream: [],
      layer: {
        kind: 'InputLayer', role: 'input', span: span(call), argsSpan: span(args ?? call), activation: { name: 'linear' }, config: {},
        ...(typeof nameValue === 'string' ? { name: nameValue } : {}),
        ...(inputShape ? { inputShape } : {}),
      },
    };
  }

  /** Gives a draft its index-based inputs and its name (explicit, or the Keras-style automatic `dense_1`). */
  place(draft: LayerDraft, model: ModelIR, inputs: number[]): LayerIR {
    const auto = kerasAutoName(draft.layer.kind);
    const sameKind = model.layers.filter((layer) => layer.kind === draft.layer.kind).length;
    return placedLayer(draft.layer, draft.layer.name ?? (sameKind === 0 ? auto : `${auto}_${sameKind}`), inputs);
  }

  pushFunctional(drafts: LayerDraft[], name: string, definition: Span): void {
    // Forward order: every layer after the layers it consumes, source order among equals.
    const ordered: LayerDraft[] = [];
    const placed = new Set<LayerDraft>();
    const visit = (draft: LayerDraft): void => {
      if (placed.has(draft)) return;
      placed.add(draft);
      [...draft.upstream].sort((a, b) => a.node.from - b.node.from).forEach(visit);
      ordered.push(draft);
    };
    [...drafts].sort((a, b) => a.node.from - b.node.from).forEach(visit);
    const model: ModelIR = { name, framework: 'tfjs', span: definition, layers: [] };
    const indexOf = new Map<LayerDraft, number>();
    for (const draft of ordered) {
      indexOf.set(draft, model.layers.length);
      const inputs = draft.upstream.map((up) => indexOf.get(up)).filter((index): index is number => index !== undefined);
      model.layers.push(this.place(draft, model, inputs));
    }
    this.addModel(model);
  }
}

/** One function body (or the module): calls in document order, bindings local to it. */
class ScopeExtractor {
  private readonly sequentialByVariable = new Map<string, ModelIR>();
  private readonly producerByVariable = new Map<string, LayerDraft>();
  /** `const hidden = tf.layers.dense({…})`: a layer built once and added or applied later. */
  private readonly layerCallByVariable = new Map<string, SyntaxNode>();
  private readonly applied = new Map<string, LayerDraft>();
  private readonly built = new Map<string, LayerDraft>();

  constructor(
    private readonly extractor: TfjsExtractor,
    private readonly calls: readonly SyntaxNode[],
    private readonly constants: Constants,
  ) {}

  run(): void {
    let closedByModel = false;
    for (const call of this.calls) {
      const callee = call.firstChild;
      const argList = childNamed(call, 'ArgList');
      if (!callee || !argList) continue;
      const assignedTo = assignedVariable(call, this.extractor);
      const method = callee.name === 'MemberExpression' && callee.lastChild?.name === 'PropertyName' ? this.extractor.text(callee.lastChild) : undefined;
      const target = callee.name === 'MemberExpression' && callee.firstChild ? unwrap(callee.firstChild) : undefined;

      if (method === 'add' && target?.name === 'VariableName') {
        const model = this.sequentialByVariable.get(this.extractor.text(target));
        const argument = callArguments(argList)?.[0];
        if (model && argument) {
          this.appendLayer(model, argument);
          continue;
        }
      }
      if (method === 'apply') {
        const draft = this.appliedDraft(call);
        if (draft) {
          if (assignedTo) this.producerByVariable.set(assignedTo, draft);
          continue;
        }
      }
      const symbol = this.extractor.symbolOf(callee);
      if (symbol?.type === 'layer' && assignedTo) this.layerCallByVariable.set(assignedTo, call);
      else if (symbol?.type === 'sequential') {
        const model = this.sequentialModel(call, argList, assignedTo);
        if (assignedTo) this.sequentialByVariable.set(assignedTo, model);
      } else if (symbol?.type === 'input' && assignedTo) {
        const input = this.extractor.inputFromCall(call, this.constants);
        if (input) this.producerByVariable.set(assignedTo, input);
      } else if (symbol?.type === 'model') {
        closedByModel = this.functionalModel(call, argList, assignedTo) || closedByModel;
      }
    }
    // Without a tf.model(...) call, the layers applied in this scope still form a model
    // (a builder returning a tensor); with one, unclaimed layers are dead code.
    if (!closedByModel && this.applied.size > 0) {
      const loose = [...this.applied.values()];
      this.extractor.pushFunctional(loose, 'functional', span(loose[0].node));
    }
  }

  /** The layer a node builds: a factory call, or a variable holding one. One draft per call. */
  private layerOf(node: SyntaxNode): LayerDraft | undefined {
    let call = unwrap(node);
    if (call.name === 'VariableName') {
      const bound = this.layerCallByVariable.get(this.extractor.text(call));
      if (!bound) return undefined;
      call = bound;
    }
    const key = `${call.from}:${call.to}`;
    const existing = this.built.get(key);
    if (existing) return existing;
    const draft = this.extractor.layerFromCall(call, this.constants);
    if (draft) this.built.set(key, draft);
    return draft;
  }

  /** `layer.apply(x)`: the layer, consuming the drafts `x` stands for. */
  private appliedDraft(call: SyntaxNode): LayerDraft | undefined {
    const key = `${call.from}:${call.to}`;
    const existing = this.applied.get(key);
    if (existing) return existing;
    const callee = call.firstChild;
    const argList = childNamed(call, 'ArgList');
    if (callee?.name !== 'MemberExpression' || !callee.firstChild || !argList || this.extractor.text(callee.lastChild ?? callee) !== 'apply') return undefined;
    const input = callArguments(argList)?.[0];
    const layer = this.layerOf(callee.firstChild);
    if (!layer) {
      // Something applied to a known tensor (a layer from a helper, a custom layer): an unknown
      // layer, so the graph keeps its shape and nothing before it passes for the output layer.
      const upstream = input ? this.upstreamOf(input) : [];
      if (upstream.length === 0) return undefined;
      const draft = { ...unknownDraft(call), upstream };
      this.applied.set(key, draft);
      return draft;
    }
    // A layer applied twice (shared weights) is still one layer: later applications reuse it.
    const draft: LayerDraft = [...this.applied.values()].includes(layer) ? { ...layer, upstream: [] } : layer;
    this.applied.set(key, draft);
    if (input) draft.upstream.push(...this.upstreamOf(input));
    return draft;
  }

  private upstreamOf(value: SyntaxNode): LayerDraft[] {
    const node = unwrap(value);
    if (node.name === 'VariableName') {
      const producer = this.producerByVariable.get(this.extractor.text(node));
      return producer ? [producer] : [];
    }
    if (node.name === 'CallExpression') {
      const draft = this.appliedDraft(node);
      if (draft) return [draft];
      const input = this.extractor.inputFromCall(node, this.constants);
      return input ? [input] : [];
    }
    if (node.name === 'ArrayExpression') return arrayItems(node).flatMap((item) => this.upstreamOf(item));
    return [];
  }

  private sequentialModel(call: SyntaxNode, argList: SyntaxNode, assignedTo: string | undefined): ModelIR {
    const options = callArguments(argList)?.[0];
    const object = options ? this.extractor.resolveValue(options, this.constants) : undefined;
    const { properties } = object?.name === 'ObjectExpression' ? objectProperties(object, this.extractor.source) : { properties: new Map<string, ObjectProperty>() };
    const nameProperty = properties.get('name');
    const name = nameProperty ? literalValue(this.extractor.resolveValue(nameProperty.value, this.constants), this.extractor.source) : undefined;
    const model: ModelIR = { name: typeof name === 'string' ? name : assignedTo ?? 'sequential', framework: 'tfjs', span: span(call), layers: [] };
    const list = properties.get('layers');
    const items = list ? this.extractor.resolveValue(list.value, this.constants) : undefined;
    if (items?.name === 'ArrayExpression') for (const item of arrayItems(items)) this.appendLayer(model, item);
    this.extractor.addModel(model);
    return model;
  }

  private appendLayer(model: ModelIR, node: SyntaxNode): void {
    const draft = this.layerOf(node) ?? this.extractor.inputFromCall(unwrap(node), this.constants) ?? unknownDraft(node);
    const inputs = model.layers.length > 0 ? [model.layers.length - 1] : [];
    model.layers.push(this.extractor.place(draft, model, inputs));
  }

  private functionalModel(call: SyntaxNode, argList: SyntaxNode, assignedTo: string | undefined): boolean {
    const options = callArguments(argList)?.[0];
    const object = options ? this.extractor.resolveValue(options, this.constants) : undefined;
    if (object?.name !== 'ObjectExpression') return false;
    const { properties } = objectProperties(object, this.extractor.source);
    const outputs = properties.get('outputs');
    if (!outputs) return false;
    const reached = new Set<LayerDraft>();
    const visit = (draft: LayerDraft): void => {
      if (reached.has(draft)) return;
      reached.add(draft);
      draft.upstream.forEach(visit);
    };
    this.upstreamOf(outputs.value).forEach(visit);
    if (reached.size === 0) return false;
    const nameProperty = properties.get('name');
    const name = nameProperty ? literalValue(this.extractor.resolveValue(nameProperty.value, this.constants), this.extractor.source) : undefined;
    this.extractor.pushFunctional([...reached], typeof name === 'string' ? name : assignedTo ?? 'model', span(call));
    return true;
  }
}

/** `x` in `const x = call(…)` or `x = call(…)`: the single variable a call's value is bound to. */
function assignedVariable(call: SyntaxNode, extractor: TfjsExtractor): string | undefined {
  // Climb through the wrappers that keep the value: `(…)`, `… as T`, `…!`, `<T>…`.
  let value = call;
  while (value.parent && WRAPPERS.has(value.parent.name) && sameNode(unwrap(value.parent), call)) value = value.parent;
  const parent = value.parent;
  const equals = value.prevSibling;
  if (!parent || equals?.name !== 'Equals') return undefined;
  const target = equals.prevSibling?.name === 'TypeAnnotation' ? equals.prevSibling.prevSibling : equals.prevSibling;
  if (parent.name === 'VariableDeclaration' && target?.name === 'VariableDefinition') return extractor.text(target);
  if (parent.name === 'AssignmentExpression' && target?.name === 'VariableName') return extractor.text(target);
  return undefined;
}

const WRAPPERS = new Set(['ParenthesizedExpression', 'BinaryExpression', 'PostfixExpression', 'PrefixCast']);
