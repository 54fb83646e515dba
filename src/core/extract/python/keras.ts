// Finds Keras models in a Python tree: Sequential([...]), model.add(...) and
// functional `x = Layer(...)(x)` / `x = layers.add([x, y])` graphs closed by Model(inputs, outputs).

import type { SyntaxNode, Tree } from '@lezer/common';
import { activationByName } from '../../catalog/activations';
import { kerasInitializer, kerasSpec, type ArgValues } from '../../catalog/initializers';
import { kerasAutoName, kerasLayer, type LayerRow } from '../../catalog/layers';
import { textOf } from '../../parse';
import type { ActivationRef, InitializerRef, LayerIR, ModelIR, Span } from '../../ir';
import { kerasSymbol, type KerasSymbol } from './keras-names';
import { bindArguments, literalValue, quoteOf, readArguments, stringValue, type Argument, type NameResolver } from './syntax';

const span = (node: SyntaxNode): Span => ({ from: node.from, to: node.to });

/** A layer before it is placed in a model: the IR plus the node that made it. */
interface LayerDraft {
  layer: Omit<LayerIR, 'inputs' | 'name'> & { name?: string };
  node: SyntaxNode;
  /** Drafts (or inputs) this layer consumes, in a functional graph. */
  upstream: LayerDraft[];
}

export class KerasExtractor {
  private readonly models: ModelIR[] = [];

  constructor(
    private readonly source: string,
    private readonly names: NameResolver,
  ) {}

  extract(tree: Tree): ModelIR[] {
    for (const scope of scopesOf(tree.topNode)) this.extractScope(scope);
    return this.models.sort((a, b) => a.span.from - b.span.from);
  }

  private symbolOf(callee: SyntaxNode): KerasSymbol | undefined {
    for (const path of this.names.candidates(callee)) {
      const symbol = kerasSymbol(path);
      if (symbol) return symbol;
    }
    return undefined;
  }

  /** One function body (or the module): calls in document order, bindings local to it. */
  private extractScope(scope: SyntaxNode): void {
    const sequentialByVariable = new Map<string, ModelIR>();
    const producerByVariable = new Map<string, LayerDraft>();
    const applied = new Map<string, LayerDraft>();
    let closedByModel = false;

    const appliedDraft = (call: SyntaxNode): LayerDraft | undefined => {
      const existing = applied.get(`${call.from}:${call.to}`);
      if (existing) return existing;
      const made = this.appliedLayer(call);
      if (!made) return undefined;
      applied.set(`${call.from}:${call.to}`, made.draft);
      for (const value of made.consumes) made.draft.upstream.push(...this.upstreamOf(value, producerByVariable, appliedDraft));
      return made.draft;
    };

    for (const call of callsInScope(scope)) {
      const callee = call.firstChild;
      const argList = call.getChild('ArgList');
      if (!callee || !argList) continue;
      const assignedTo = assignedVariable(call, this.source);

      if (callee.name === 'MemberExpression' && textOf(this.source, callee.getChild('PropertyName') ?? callee) === 'add') {
        const target = callee.firstChild;
        const model = target?.name === 'VariableName' ? sequentialByVariable.get(textOf(this.source, target)) : undefined;
        if (model) {
          const layerCall = readArguments(argList, this.source).args[0]?.value;
          if (layerCall) this.appendLayer(model, layerCall);
          continue;
        }
        // Not a known Sequential's `.add`: perhaps `layers.add([x, y])`, resolved below.
      }
      const draft = appliedDraft(call);
      if (draft) {
        if (assignedTo) producerByVariable.set(assignedTo, draft);
        continue;
      }
      const symbol = this.symbolOf(callee);
      if (symbol?.type === 'sequential') {
        const model = this.sequentialModel(call, argList, assignedTo);
        if (assignedTo) sequentialByVariable.set(assignedTo, model);
      } else if (symbol?.type === 'input' && assignedTo) {
        producerByVariable.set(assignedTo, this.inputDraft(call, argList));
      } else if (symbol?.type === 'model') {
        closedByModel = this.functionalModel(call, argList, assignedTo, producerByVariable, appliedDraft) || closedByModel;
      }
    }

    // Without a Model(...) call, the layers applied in this scope still form a model
    // (a builder function returning a tensor); with one, unclaimed layers are dead code.
    if (!closedByModel && applied.size > 0) {
      const loose = [...applied.values()];
      this.pushFunctional(loose, 'functional', span(loose[0].node));
    }
  }

  /**
   * A layer built and applied in one expression, and the argument nodes it consumes:
   * `Dense(8)(x)` consumes every argument of the application, `layers.add([x, y])` its `inputs`.
   */
  private appliedLayer(call: SyntaxNode): { draft: LayerDraft; consumes: SyntaxNode[] } | undefined {
    const callee = call.firstChild;
    const argList = call.getChild('ArgList');
    if (!callee || !argList) return undefined;
    if (callee.name === 'CallExpression') {
      const draft = this.layerFromCall(callee);
      return draft ? { draft, consumes: readArguments(argList, this.source).args.map((arg) => arg.value) } : undefined;
    }
    const symbol = this.symbolOf(callee);
    const row = symbol?.type === 'layerFunction' ? kerasLayer(symbol.className) : undefined;
    if (!row) return undefined;
    // Keras declares each such function as `add(inputs, **kwargs)` (plus the layer's own
    // parameters: `concatenate(inputs, axis=-1, **kwargs)`) and passes the rest to the class.
    const bound = bindArguments(renamedKeywords(readArguments(argList, this.source).args, row), ['inputs', ...row.params]);
    const inputs = bound.get('inputs');
    bound.delete('inputs');
    return { draft: this.draftFromRow(call, argList, row, bound), consumes: inputs ? [inputs] : [] };
  }

  private upstreamOf(value: SyntaxNode, producers: Map<string, LayerDraft>, appliedDraft: (call: SyntaxNode) => LayerDraft | undefined): LayerDraft[] {
    if (value.name === 'VariableName') {
      const producer = producers.get(textOf(this.source, value));
      return producer ? [producer] : [];
    }
    if (value.name === 'CallExpression') {
      const draft = appliedDraft(value);
      if (draft) return [draft];
      const callee = value.firstChild;
      const argList = value.getChild('ArgList');
      if (callee && argList && this.symbolOf(callee)?.type === 'input') return [this.inputDraft(value, argList)];
      return [];
    }
    if (value.name === 'ArrayExpression' || value.name === 'TupleExpression' || value.name === 'ParenthesizedExpression') {
      const items: LayerDraft[] = [];
      for (let child = value.firstChild; child; child = child.nextSibling) items.push(...this.upstreamOf(child, producers, appliedDraft));
      return items;
    }
    return [];
  }

  private sequentialModel(call: SyntaxNode, argList: SyntaxNode, assignedTo: string | undefined): ModelIR {
    const bound = bindArguments(readArguments(argList, this.source).args, ['layers', 'trainable', 'name']);
    const model: ModelIR = { name: this.nameArgument(bound) ?? assignedTo ?? 'sequential', framework: 'keras', span: span(call), layers: [] };
    const list = bound.get('layers');
    if (list && (list.name === 'ArrayExpression' || list.name === 'TupleExpression')) {
      for (let item = list.firstChild; item; item = item.nextSibling) {
        if (!['[', ']', '(', ')', ','].includes(item.name) && !item.type.isError) this.appendLayer(model, item);
      }
    }
    this.models.push(model);
    return model;
  }

  private appendLayer(model: ModelIR, node: SyntaxNode): void {
    const draft = this.layerFromCall(node) ?? this.inputFromCall(node) ?? unknownDraft(node);
    const inputs = model.layers.length > 0 ? [model.layers.length - 1] : [];
    model.layers.push(this.place(draft, model, inputs));
  }

  private inputFromCall(node: SyntaxNode): LayerDraft | undefined {
    const callee = node.firstChild;
    const argList = node.getChild('ArgList');
    if (node.name !== 'CallExpression' || !callee || !argList || this.symbolOf(callee)?.type !== 'input') return undefined;
    return this.inputDraft(node, argList);
  }

  private functionalModel(
    call: SyntaxNode,
    argList: SyntaxNode,
    assignedTo: string | undefined,
    producers: Map<string, LayerDraft>,
    appliedDraft: (call: SyntaxNode) => LayerDraft | undefined,
  ): boolean {
    const bound = bindArguments(readArguments(argList, this.source).args, ['inputs', 'outputs', 'name']);
    const outputs = bound.get('outputs');
    if (!outputs) return false;
    const reached = new Set<LayerDraft>();
    const visit = (draft: LayerDraft): void => {
      if (reached.has(draft)) return;
      reached.add(draft);
      draft.upstream.forEach(visit);
    };
    this.upstreamOf(outputs, producers, appliedDraft).forEach(visit);
    if (reached.size === 0) return false;
    this.pushFunctional([...reached], this.nameArgument(bound) ?? assignedTo ?? 'model', span(call));
    return true;
  }

  private pushFunctional(drafts: LayerDraft[], name: string, definition: Span): void {
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
    const model: ModelIR = { name, framework: 'keras', span: definition, layers: [] };
    const indexOf = new Map<LayerDraft, number>();
    for (const draft of ordered) {
      indexOf.set(draft, model.layers.length);
      const inputs = draft.upstream.map((up) => indexOf.get(up)).filter((index): index is number => index !== undefined);
      model.layers.push(this.place(draft, model, inputs));
    }
    this.models.push(model);
  }

  /** Gives a draft its index-based inputs and its name (explicit, or Keras's automatic `dense_1`). */
  private place(draft: LayerDraft, model: ModelIR, inputs: number[]): LayerIR {
    const auto = kerasAutoName(draft.layer.kind);
    const sameKind = model.layers.filter((layer) => layer.kind === draft.layer.kind).length;
    return { ...draft.layer, name: draft.layer.name ?? (sameKind === 0 ? auto : `${auto}_${sameKind}`), inputs };
  }

  private nameArgument(bound: Map<string, SyntaxNode>): string | undefined {
    const node = bound.get('name');
    const value = node ? literalValue(node, this.source) : undefined;
    return typeof value === 'string' ? value : undefined;
  }

  private inputDraft(call: SyntaxNode, argList: SyntaxNode): LayerDraft {
    const bound = bindArguments(readArguments(argList, this.source).args, ['shape', 'batch_size', 'dtype', 'sparse', 'batch_shape', 'name']);
    const shape = bound.get('shape');
    const value = shape ? literalValue(shape, this.source) : undefined;
    return {
      node: call,
      upstream: [],
      layer: {
        kind: 'InputLayer', role: 'input', name: this.nameArgument(bound), span: span(call), argsSpan: span(argList),
        activation: { name: 'linear' }, inputShape: numbers(value), config: {},
      },
    };
  }

  /** A layer from its constructor call, or undefined when the call is not a known Keras layer. */
  private layerFromCall(call: SyntaxNode): LayerDraft | undefined {
    const callee = call.firstChild;
    const argList = call.getChild('ArgList');
    if (call.name !== 'CallExpression' || !callee || !argList) return undefined;
    const symbol = this.symbolOf(callee);
    if (symbol?.type !== 'layer') return undefined;
    const row = kerasLayer(symbol.className);
    if (!row) return unknownDraft(call, symbol.className);
    const bound = bindArguments(renamedKeywords(readArguments(argList, this.source).args, row), row.params);
    return this.draftFromRow(call, argList, row, bound);
  }

  /** The draft of a catalogued layer from its bound arguments (parameter name → value node). */
  private draftFromRow(call: SyntaxNode, argList: SyntaxNode, row: LayerRow, bound: Map<string, SyntaxNode>): LayerDraft {
    const config: LayerIR['config'] = {};
    const dynamic: string[] = [];
    for (const [name, node] of bound) {
      const value = literalValue(node, this.source);
      if (value !== undefined) config[name] = value;
      else dynamic.push(name);
    }
    const literal = (name: string) => config[name];
    const layer: LayerDraft['layer'] = {
      kind: row.kind,
      role: row.role,
      name: this.nameArgument(bound),
      span: span(call),
      argsSpan: span(argList),
      activation: this.activationOf(row, bound),
      config,
      ...(dynamic.length > 0 ? { dynamicArguments: dynamic } : {}),
    };
    const units = row.unitsParam ? literal(row.unitsParam) : undefined;
    if (typeof units === 'number') layer.units = units;
    const kernelSize = numbers(literal('kernel_size'));
    if (kernelSize) layer.kernelSize = kernelSize;
    // `input_dim=n` is the base Layer's shorthand for input_shape=(n,), except where the layer
    // declares it (Embedding: the vocabulary size; there Keras 2's `input_length` is the shape).
    const inputShape = row.params.includes('input_dim')
      ? numbers(literal('input_shape')) ?? numbers(literal('input_length'))
      : numbers(literal('input_shape')) ?? numbers(literal('input_dim'));
    if (inputShape) layer.inputShape = inputShape;
    if (row.weights) {
      const { kernel, bias, extra } = row.weights;
      layer.kernelInitializer = this.initializerOf(bound.get(kernel.param), kernel.default);
      if (bias) layer.biasInitializer = this.initializerOf(bound.get(bias.param), bias.default);
      if (extra) {
        layer.extraInitializers = {};
        for (const [role, param] of Object.entries(extra)) layer.extraInitializers[role] = this.initializerOf(bound.get(param.param), param.default);
      }
    }
    return { node: call, upstream: [], layer };
  }

  private activationOf(row: LayerRow, bound: Map<string, SyntaxNode>): ActivationRef {
    if (row.fixedActivation) return { name: activationByName(row.fixedActivation) ?? 'unknown', span: undefined };
    const node = bound.get('activation');
    if (!node) return { name: row.defaultActivation ?? 'linear' };
    if (node.name === 'None') return { name: 'linear', span: span(node) };
    if (node.name === 'String') return { name: activationByName(stringValue(textOf(this.source, node))) ?? 'unknown', span: span(node) };
    const symbol = this.symbolOf(node.name === 'CallExpression' && node.firstChild ? node.firstChild : node);
    if (symbol?.type === 'activation') return { name: symbol.name, span: span(node) };
    if (symbol?.type === 'layer') {
      const fixed = kerasLayer(symbol.className)?.fixedActivation;
      if (fixed) return { name: activationByName(fixed) ?? 'unknown', span: span(node) };
    }
    return { name: 'unknown', span: span(node) };
  }

  private initializerOf(node: SyntaxNode | undefined, fallback: string): InitializerRef {
    if (!node) return { spec: kerasSpec(fallback), explicit: false, form: { kind: 'other' } };
    const text = textOf(this.source, node);
    if (node.name === 'String') {
      return { spec: kerasSpec(stringValue(text)), explicit: true, span: span(node), form: { kind: 'string', quote: quoteOf(text) } };
    }
    if (node.name === 'None') return { spec: kerasSpec(fallback), explicit: false, form: { kind: 'other' } };
    const callee = node.name === 'CallExpression' ? node.firstChild : node;
    const symbol = callee ? this.symbolOf(callee) : undefined;
    const row = symbol?.type === 'initializer' ? kerasInitializer(symbol.name) : undefined;
    if (!row || !callee) return { spec: undefined, explicit: true, span: span(node), form: { kind: 'other' } };
    const argList = node.name === 'CallExpression' ? node.getChild('ArgList') : null;
    if (!argList) return { spec: row.build({}), explicit: true, span: span(node), form: { kind: 'other' } };
    const bound = bindArguments(readArguments(argList, this.source).args, row.params);
    const values: ArgValues = {};
    for (const [name, value] of bound) {
      const literal = literalValue(value, this.source);
      values[name] = literal === undefined || Array.isArray(literal) ? null : literal;
    }
    const nameNode = callee.name === 'MemberExpression' ? callee.getChild('PropertyName') : callee;
    const seed = bound.get('seed');
    return {
      spec: row.build(values),
      explicit: true,
      span: span(node),
      form: {
        kind: 'class',
        qualifier: nameNode ? this.source.slice(callee.from, nameNode.from) : '',
        nameSpan: span(nameNode ?? callee),
        ...(seed ? { seedText: textOf(this.source, seed) } : {}),
      },
    };
  }
}

function unknownDraft(node: SyntaxNode, kind = 'Unknown'): LayerDraft {
  return {
    node,
    upstream: [],
    layer: { kind, role: 'other', span: span(node), argsSpan: span(node), activation: { name: 'unknown' }, config: {} },
  };
}

/** Arguments with an older keyword spelling renamed to the parameter it sets (LeakyReLU's `alpha`). */
function renamedKeywords(args: Argument[], row: LayerRow): Argument[] {
  const renamed = row.renamed;
  if (!renamed) return args;
  return args.map((arg) => (arg.keyword !== undefined && Object.hasOwn(renamed, arg.keyword) ? { ...arg, keyword: renamed[arg.keyword] } : arg));
}

function numbers(value: unknown): number[] | undefined {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'number')) return value;
  return undefined;
}

/** The module and every function body: each is a scope of its own. */
function scopesOf(top: SyntaxNode): SyntaxNode[] {
  const scopes: SyntaxNode[] = [top];
  top.cursor().iterate((node) => {
    if (node.name === 'FunctionDefinition') {
      const body = node.node.getChild('Body');
      if (body) scopes.push(body);
    }
  });
  return scopes;
}

/** Call expressions of a scope in document order, not descending into nested functions or classes. */
function callsInScope(scope: SyntaxNode): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  scope.cursor().iterate((node) => {
    if (node.from !== scope.from || node.to !== scope.to) {
      if (node.name === 'FunctionDefinition' || node.name === 'LambdaExpression') return false;
    }
    if (node.name === 'CallExpression') calls.push(node.node);
    return undefined;
  });
  return calls;
}

/** `x` in `x = call(...)`: the single variable a call's value is assigned to. */
function assignedVariable(call: SyntaxNode, source: string): string | undefined {
  const parent = call.parent;
  if (parent?.name !== 'AssignStatement' || parent.lastChild?.from !== call.from) return undefined;
  const target = parent.firstChild;
  if (target?.name !== 'VariableName' || target.nextSibling?.name !== 'AssignOp' || target.nextSibling.nextSibling?.from !== call.from) return undefined;
  return textOf(source, target);
}
