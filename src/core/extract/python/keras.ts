// Finds Keras models in a Python tree: Sequential([...]), model.add(...), functional
// `x = Layer(...)(x)` / `x = layers.add([x, y])` graphs closed by Model(inputs, outputs), and
// subclassed models (layers built in `__init__`, ordered by their use in `call`). Variables,
// loops and helper functions are followed by the Interpreter this extends.

import type { SyntaxNode, Tree } from '@lezer/common';
import { activationByName } from '../../catalog/activations';
import { kerasAutoName, kerasLayer, kernelSizeOf, type LayerRow } from '../../catalog/layers';
import { childNamed, spanOf, textOf } from '../../parse';
import type { ActivationRef, InitializerRef, LayerIR, ModelIR, Span } from '../../ir';
import { Interpreter, itemsOf, Scope, type LayerDraft, type ObjectValue, type Value } from './interpreter';
import { placedLayer } from '../layer-draft';
import { placeholderShape, readInitializer, type InitializerScope } from './initializer-call';
import { kerasSymbol, type KerasSymbol } from './keras-names';
import { bindArguments, literalValue, stringValue, type Argument, type Literal, type NameResolver } from './syntax';

const span = spanOf;

/** Top-level statements run as a module of their own, and the module-level names bound more than once or conditionally in the whole file. */
export interface ModuleGroup {
  statements: readonly SyntaxNode[];
  unstable: ReadonlySet<string>;
}

/** A constructor argument: the node written in the call and the value it evaluates to. */
interface BoundArgument {
  node: SyntaxNode;
  value: Value;
}

/** The layers applied during one run (the module, a function run on its own, a class). */
interface Run {
  applied: LayerDraft[];
  /** A Model(...) call claimed this run's graph: unclaimed layers are dead code, not a model. */
  closed: boolean;
}

export class KerasExtractor extends Interpreter {
  private readonly models: ModelIR[] = [];
  private readonly classes: { definition: SyntaxNode; scope: Scope }[] = [];
  private run: Run = { applied: [], closed: false };
  /** Layers of each kind placed in each model so far: the next automatic name's number. */
  private readonly kindCounts = new Map<ModelIR, Map<string, number>>();
  /** What readInitializer resolves names with, built once. */
  private readonly initializerScope: InitializerScope = { source: this.source, names: this.names, symbolOf: (callee) => this.symbolOf(callee) };

  constructor(
    source: string,
    names: NameResolver,
    erroneousAssignments: ReadonlySet<number>,
    /** Names called anywhere in the file: functions read through their calls rather than on their own. */
    private readonly calledNames: Pick<ReadonlySet<string>, 'has'>,
  ) {
    super(source, names, erroneousAssignments);
  }

  /** The models of the whole module, or of one group of its top-level statements (statement-groups.ts). */
  extract(tree: Tree, group?: ModuleGroup): ModelIR[] {
    const top = tree.topNode;
    if (group) {
      const frame = { scope: new Scope(undefined, group.unstable), done: false, nested: 0 };
      this.inRun(() => this.execStatements(group.statements, frame));
    } else {
      this.inRun(() => this.execBody(top, { scope: this.newScope(top, undefined), done: false, nested: 0 }));
    }
    for (const { definition, scope } of this.classes) this.classModel(definition, scope);
    // Functions nobody called (from code the module runs) are read on their own, parameters
    // unknown: builders such as `def build_model(): ...`. Helpers called elsewhere come last,
    // so that they are read through their calls whenever a caller is read.
    const isHelper = (def: SyntaxNode) => this.calledNames.has(textOf(this.source, childNamed(def, 'VariableName') ?? def));
    for (const helpers of [false, true]) {
      for (let i = 0; i < this.definitions.length; i++) {
        const { def, scope } = this.definitions[i];
        if (this.executed.has(def.from) || isHelper(def) !== helpers) continue;
        this.inRun(() => this.runStandalone(def, scope));
      }
    }
    return this.models.sort((a, b) => a.span.from - b.span.from);
  }

  /** Runs `body` as a run of its own; without a Model(...) call its applied layers form a model. */
  private inRun(body: () => void): void {
    const outer = this.run;
    this.run = { applied: [], closed: false };
    try {
      body();
      // Without a Model(...) call, the layers applied in this run still form a model
      // (a builder function returning a tensor); with one, unclaimed layers are dead code.
      if (!this.run.closed && this.run.applied.length > 0) {
        const loose = [...this.run.applied].sort(byOrder);
        this.pushFunctional(loose, 'functional', span(loose[0].node));
      }
    } finally {
      this.run = outer;
    }
  }

  private symbolOf(callee: SyntaxNode): KerasSymbol | undefined {
    return symbolOfPaths(this.candidatesOf(callee));
  }

  // ---- the Interpreter's hooks ----

  protected frameworkCall(call: SyntaxNode, argList: SyntaxNode, paths: readonly string[], scope: Scope): Value | undefined {
    const symbol = symbolOfPaths(paths);
    switch (symbol?.type) {
      case 'layer': {
        const row = kerasLayer(symbol.className);
        if (!row) {
          this.evaluateArguments(argList, scope);
          return { kind: 'layer', draft: unknownDraft(call, symbol.className) };
        }
        return { kind: 'layer', draft: this.draftFromRow(call, argList, row, this.boundArguments(argList, row, row.params, scope)) };
      }
      case 'layerFunction': {
        const row = kerasLayer(symbol.className);
        if (!row) return undefined;
        // Keras declares each such function as `add(inputs, **kwargs)` (plus the layer's own
        // parameters: `concatenate(inputs, axis=-1, **kwargs)`) and passes the rest to the class.
        const bound = this.boundArguments(argList, row, ['inputs', ...row.params], scope);
        const inputs = bound.get('inputs');
        bound.delete('inputs');
        return this.applyLayer(this.draftFromRow(call, argList, row, bound), call, inputs ? [inputs.value] : []);
      }
      case 'sequential':
        return { kind: 'sequential', model: this.sequentialModel(call, argList, scope) };
      case 'input': {
        const draft = this.inputDraft(call, argList);
        draft.order = this.sequence++;
        return { kind: 'tensor', producer: draft };
      }
      case 'model':
        this.functionalModel(call, argList, scope);
        return { kind: 'unknown', node: call };
      case 'initializer':
      case 'activation':
        // Read where they are used (initializerOf, activationOf): the expression is the value.
        return { kind: 'expr', node: call, site: call, viaVariable: false };
      default:
        return undefined;
    }
  }

  protected applyLayer(layer: LayerDraft, _call: SyntaxNode, inputs: Value[]): Value {
    // Each application is a layer of its own in the IR: a loop or a helper applies one call many times.
    const draft: LayerDraft = { node: layer.node, layer: this.markRepeat(layer.layer), upstream: inputs.flatMap(producersOf), order: this.sequence++ };
    this.run.applied.push(draft);
    return { kind: 'tensor', producer: draft };
  }

  protected addToSequential(model: ModelIR, value: Value, node: SyntaxNode): void {
    let draft: LayerDraft;
    if (value.kind === 'layer') draft = { node: value.draft.node, layer: this.markRepeat(value.draft.layer), upstream: value.draft.upstream };
    else if (value.kind === 'tensor' && value.producer?.layer.role === 'input') draft = value.producer;
    else draft = unknownDraft(('node' in value && value.node) || node);
    draft.order = this.sequence++;
    const inputs = model.layers.length > 0 ? [model.layers.length - 1] : [];
    model.layers.push(this.place(draft, model, inputs));
  }

  protected declareClass(definition: SyntaxNode, scope: Scope): void {
    const bases = childNamed(definition, 'ArgList');
    if (!bases) return;
    const isKeras = this.argumentsOf(bases).args.some((arg) => {
      const symbol = arg.keyword === undefined ? symbolOfPaths(pathsOf(this.evaluate(arg.value, scope))) : undefined;
      return symbol?.type === 'model' || (symbol?.type === 'layer' && symbol.className === 'Layer');
    });
    if (isKeras) this.classes.push({ definition, scope });
  }

  /** A layer built inside a loop of unknown length is marked: it stands for any number of copies. */
  private markRepeat(layer: LayerDraft['layer']): LayerDraft['layer'] {
    return this.unknownLoops > 0 ? { ...layer, inUnknownLoop: true } : layer;
  }

  /**
   * A subclassed model: `__init__` runs with `self` bound, then `call` with a symbolic input;
   * the layers `call` applies, in the order it applies them, are the model. Layers built but
   * never applied in `call` are left out (nothing says where they would sit); without a `call`
   * method there is no forward pass to read and no model.
   */
  private classModel(definition: SyntaxNode, scope: Scope): void {
    const methods = new Map<string, SyntaxNode>();
    for (const statement of definition.getChild('Body')?.getChildren('FunctionDefinition') ?? []) methods.set(this.nameOf(statement), statement);
    for (const decorated of definition.getChild('Body')?.getChildren('DecoratedStatement') ?? []) {
      const method = decorated.getChild('FunctionDefinition');
      if (method) methods.set(this.nameOf(method), method);
    }
    const self: ObjectValue = { kind: 'object', attributes: new Map(), methods, scope };
    const init = methods.get('__init__');
    const forward = methods.get('call');
    const outer = this.run;
    this.run = { applied: [], closed: false };
    try {
      if (init) this.runMethod(init, self, []);
      if (!forward) return;
      const before = this.run.applied.length;
      this.runMethod(forward, self, [{ kind: 'tensor' }]);
      const used = this.run.applied.slice(before);
      if (used.length > 0) this.pushFunctional(used, this.nameOf(definition), span(definition));
    } finally {
      this.run = outer;
    }
  }

  private nameOf(definition: SyntaxNode): string {
    const name = childNamed(definition, 'VariableName');
    return name ? textOf(this.source, name) : '';
  }

  // ---- models ----

  private sequentialModel(call: SyntaxNode, argList: SyntaxNode, scope: Scope): ModelIR {
    const bound = bindArguments(this.argumentsOf(argList).args, ['layers', 'trainable', 'name']);
    const model: ModelIR = { name: this.nameArgument(bound) ?? assignedVariable(call, this.source) ?? 'sequential', framework: 'keras', span: span(call), layers: [] };
    this.models.push(model);
    const list = bound.get('layers');
    const items = list ? itemsOf(this.evaluate(list, scope)) : undefined;
    if (list && items) for (const item of items) this.addToSequential(model, item, list);
    return model;
  }

  private functionalModel(call: SyntaxNode, argList: SyntaxNode, scope: Scope): void {
    const bound = bindArguments(this.argumentsOf(argList).args, ['inputs', 'outputs', 'name']);
    const inputs = bound.get('inputs');
    if (inputs) this.evaluateForEffects(inputs, scope);
    const outputs = bound.get('outputs');
    if (!outputs) return;
    const reached = new Set<LayerDraft>();
    const visit = (draft: LayerDraft): void => {
      if (reached.has(draft)) return;
      reached.add(draft);
      draft.upstream.forEach(visit);
    };
    producersOf(this.evaluate(outputs, scope)).forEach(visit);
    if (reached.size === 0) return;
    this.pushFunctional([...reached], this.nameArgument(bound) ?? assignedVariable(call, this.source) ?? 'model', span(call));
    this.run.closed = true;
  }

  private pushFunctional(drafts: LayerDraft[], name: string, definition: Span): void {
    // Forward order: every layer after the layers it consumes, in the order they were applied among equals.
    const ordered: LayerDraft[] = [];
    const placed = new Set<LayerDraft>();
    const visit = (draft: LayerDraft): void => {
      if (placed.has(draft)) return;
      placed.add(draft);
      const upstream = draft.upstream;
      if (upstream.length > 1) [...upstream].sort(byOrder).forEach(visit);
      else if (upstream.length === 1) visit(upstream[0]);
      ordered.push(draft);
    };
    [...drafts].sort(byOrder).forEach(visit);
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
    const auto = autoNameOf(draft.layer.kind);
    // Layers of this kind already in the model, counted as they are placed (only place() adds layers).
    let counts = this.kindCounts.get(model);
    if (!counts) this.kindCounts.set(model, (counts = new Map()));
    const sameKind = counts.get(draft.layer.kind) ?? 0;
    counts.set(draft.layer.kind, sameKind + 1);
    // A layer repeated an unknown number of times: the model's depth is not known.
    if (draft.layer.inUnknownLoop) model.depthKnown = false;
    return placedLayer(draft.layer, draft.layer.name ?? (sameKind === 0 ? auto : `${auto}_${sameKind}`), inputs);
  }

  private nameArgument(bound: Map<string, SyntaxNode>): string | undefined {
    const node = bound.get('name');
    const value = node ? literalValue(node, this.source) : undefined;
    return typeof value === 'string' ? value : undefined;
  }

  // ---- layers ----

  /** The call's arguments by parameter name, each evaluated in `scope`. */
  private boundArguments(argList: SyntaxNode, row: LayerRow, params: readonly string[], scope: Scope): Map<string, BoundArgument> {
    const evaluated = new Map<string, BoundArgument>();
    for (const [name, node] of bindArguments(renamedKeywords(this.argumentsOf(argList).args, row), params)) evaluated.set(name, { node, value: this.evaluate(node, scope) });
    return evaluated;
  }

  /** The literal an argument stands for, through variables and loop counters; undefined when unknown. */
  private literalOf(value: Value): Literal | undefined {
    if (value.kind === 'number') return value.value;
    if (value.kind !== 'expr') return undefined;
    const written = literalValue(value.node, this.source);
    if (written !== undefined || !value.items) return written;
    // `(K, K)` with `K = 3`: a tuple of resolved numbers.
    const items = value.items.map((item) => this.literalOf(item));
    return items.every((item): item is number => typeof item === 'number') ? items : undefined;
  }

  /** The expression to read an argument from: where its value is written, or the argument itself when unknown. */
  private writtenNode(argument: BoundArgument): SyntaxNode {
    return argument.value.kind === 'expr' ? argument.value.node : argument.node;
  }

  /** The draft of a catalogued layer from its bound arguments. */
  private draftFromRow(call: SyntaxNode, argList: SyntaxNode, row: LayerRow, bound: Map<string, BoundArgument>): LayerDraft {
    const config: LayerIR['config'] = {};
    const dynamic: string[] = [];
    for (const [name, argument] of bound) {
      const value = this.literalOf(argument.value);
      if (value !== undefined) config[name] = value;
      else dynamic.push(name);
    }
    const literal = (name: string) => config[name];
    const name = literal('name');
    const layer: LayerDraft['layer'] = {
      kind: row.kind,
      role: row.role,
      name: typeof name === 'string' ? name : undefined,
      span: span(call),
      argsSpan: span(argList),
      activation: this.activationOf(row, bound.get('activation')),
      config,
    };
    if (dynamic.length > 0) layer.dynamicArguments = dynamic;
    const units = row.unitsParam ? literal(row.unitsParam) : undefined;
    if (typeof units === 'number') layer.units = units;
    const kernelSize = kernelSizeOf(row, config);
    if (kernelSize) layer.kernelSize = kernelSize;
    // `input_dim=n` is the base Layer's shorthand for input_shape=(n,), except where the layer
    // declares it (Embedding: the vocabulary size; there Keras 2's `input_length` is the shape).
    const inputShape = row.params.includes('input_dim')
      ? numbers(literal('input_shape')) ?? numbers(literal('input_length'))
      : numbers(literal('input_shape')) ?? numbers(literal('input_dim'));
    if (inputShape) layer.inputShape = inputShape;
    if (row.weights) {
      const { kernel, bias, extra } = row.weights;
      layer.kernelInitializer = this.initializerAt(bound.get(kernel.param), kernel.default);
      if (bias) layer.biasInitializer = this.initializerAt(bound.get(bias.param), bias.default);
      if (extra) {
        layer.extraInitializers = {};
        for (const [role, param] of Object.entries(extra)) layer.extraInitializers[role] = this.initializerAt(bound.get(param.param), param.default);
      }
    }
    return { node: call, upstream: [], layer };
  }

  private activationOf(row: LayerRow, argument: BoundArgument | undefined): ActivationRef {
    if (row.fixedActivation) return { name: activationByName(row.fixedActivation) ?? 'unknown', span: undefined };
    if (!argument) return { name: row.defaultActivation ?? 'linear' };
    const node = this.writtenNode(argument);
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

  /**
   * An initializer argument, read where its value is written. Written through a variable
   * (`kernel_initializer=INIT`), the fix site is the use: a fix writes the new initializer
   * there as a string, leaving the variable and its other uses alone. Through a helper's
   * parameter or a loop's list, the fix site is the argument or element that was passed.
   */
  private initializerAt(argument: BoundArgument | undefined, fallback: string): InitializerRef {
    if (!argument) return this.initializerOf(undefined, fallback);
    const value = argument.value;
    const ref = this.initializerOf(this.writtenNode(argument), fallback);
    if (value.kind !== 'expr' || !value.viaVariable || !ref.span) return ref;
    return { ...ref, span: span(value.site), form: ref.form.kind === 'string' ? ref.form : { kind: 'other' } };
  }

  private inputDraft(call: SyntaxNode, argList: SyntaxNode): LayerDraft {
    // TF1's tf.placeholder(dtype, shape, name): the shape includes the batch axis.
    const input = call.firstChild ? this.symbolOf(call.firstChild) : undefined;
    const placeholder = input?.type === 'input' && input.placeholder === true;
    const params = placeholder ? ['dtype', 'shape', 'name'] : ['shape', 'batch_size', 'dtype', 'sparse', 'batch_shape', 'name'];
    const bound = bindArguments(this.argumentsOf(argList).args, params);
    const shape = bound.get('shape');
    const inputShape = placeholder ? placeholderShape(shape, this.source) : numbers(shape ? literalValue(shape, this.source) : undefined);
    return {
      node: call,
      upstream: [],
      layer: {
        kind: 'InputLayer', role: 'input', name: this.nameArgument(bound), span: span(call), argsSpan: span(argList),
        activation: { name: 'linear' }, inputShape, config: {},
      },
    };
  }


  private initializerOf(node: SyntaxNode | undefined, fallback: string): InitializerRef {
    return readInitializer(node, fallback, this.initializerScope);
  }

}

const autoNames = new Map<string, string>();

/** kerasAutoName, computed once per layer kind. */
function autoNameOf(kind: string): string {
  let name = autoNames.get(kind);
  if (name === undefined) autoNames.set(kind, (name = kerasAutoName(kind)));
  return name;
}

function symbolOfPaths(paths: readonly string[]): KerasSymbol | undefined {
  for (const path of paths) {
    const symbol = kerasSymbol(path);
    if (symbol) return symbol;
  }
  return undefined;
}

function pathsOf(value: Value): readonly string[] {
  return value.kind === 'expr' ? value.paths ?? [] : [];
}

/** The layers whose outputs a value carries: a tensor's producer, or those of a list of tensors. */
function producersOf(value: Value): LayerDraft[] {
  if (value.kind === 'tensor') return value.producer ? [value.producer] : [];
  return itemsOf(value)?.flatMap(producersOf) ?? [];
}

function byOrder(a: LayerDraft, b: LayerDraft): number {
  return (a.order ?? 0) - (b.order ?? 0) || a.node.from - b.node.from;
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

/** `x` in `x = call(...)`: the single variable a call's value is assigned to. */
function assignedVariable(call: SyntaxNode, source: string): string | undefined {
  const parent = call.parent;
  if (parent?.name !== 'AssignStatement' || parent.lastChild?.from !== call.from) return undefined;
  const target = parent.firstChild;
  if (target?.name !== 'VariableName' || target.nextSibling?.name !== 'AssignOp' || target.nextSibling.nextSibling?.from !== call.from) return undefined;
  return textOf(source, target);
}
