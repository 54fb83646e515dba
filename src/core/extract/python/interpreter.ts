// A small abstract interpreter for model-building Python: it runs statements in order,
// binds simple variables, unrolls loops with a known trip count, inlines helper functions at
// their calls and follows `self` through subclassed models. Framework calls are the
// subclass's to interpret (KerasExtractor). Anything it cannot follow is `unknown`.

import type { SyntaxNode } from '@lezer/common';
import { childNamed, textOf } from '../../parse';
import type { ModelIR } from '../../ir';
import type { LayerDraft } from '../layer-draft';
import { assignmentTargets, unstableNames } from './bindings';
import { parameterValues, rangeValues } from './evaluation';
import { forStatementParts, itemsOfBrackets, jumpsOut, lastChildNamed, literalValue, readArguments, readParameters, type Argument, type NameResolver } from './syntax';

export type { LayerDraft };

/** An expression written in the source, reached directly or through variables and parameters. */
export interface ExprValue {
  kind: 'expr';
  node: SyntaxNode;
  /**
   * The text a fix rewrites for this use: the expression itself, or the variable standing for
   * it where it is used (so a fix never changes the other uses of a shared constant).
   */
  site: SyntaxNode;
  viaVariable: boolean;
  /** The dotted paths a name or attribute chain stands for, through imports and aliases. */
  paths?: string[];
  /** The evaluated elements of a list or tuple literal. */
  items?: Value[];
}

export interface ObjectValue {
  kind: 'object';
  attributes: Map<string, Value>;
  methods: Map<string, SyntaxNode>;
  scope: Scope;
}

export type Value =
  | ExprValue
  /** A loop counter from `range(…)` or `enumerate(…)`: a number not written anywhere. */
  | { kind: 'number'; value: number }
  /** A list built at run time: a comprehension, `.append` calls, a helper's result. */
  | { kind: 'list'; items: Value[] }
  /** A layer object, built and not yet applied. */
  | { kind: 'layer'; draft: LayerDraft }
  /** A tensor, and the layer that produced it (none for a model's symbolic input). */
  | { kind: 'tensor'; producer?: LayerDraft }
  | { kind: 'sequential'; model: ModelIR }
  | { kind: 'function'; def: SyntaxNode; scope: Scope; self?: ObjectValue }
  | ObjectValue
  | { kind: 'unknown'; node?: SyntaxNode };

interface Binding {
  value: Value;
  /** False when the scope binds the name more than once or conditionally. */
  stable: boolean;
  /** Parameters and loop targets keep the site of the argument or element they were bound to. */
  origin: 'assignment' | 'parameter';
}

export class Scope {
  private readonly bindings = new Map<string, Binding>();

  constructor(
    readonly parent: Scope | undefined,
    private readonly unstable: ReadonlySet<string>,
  ) {}

  bind(name: string, value: Value, origin: Binding['origin']): void {
    this.bindings.set(name, { value, stable: !this.unstable.has(name), origin });
  }

  lookup(name: string): Binding | undefined {
    return this.bindings.get(name) ?? this.parent?.lookup(name);
  }
}

interface Frame {
  scope: Scope;
  returned?: Value;
  done: boolean;
  /** Inside a branch or loop body: a `return` there may not run, so reading goes on past it. */
  nested: number;
}

const UNKNOWN: Value = { kind: 'unknown' };
/** Loops longer than this are treated as having an unknown trip count: a model is never that deep. */
const MAX_UNROLL = 512;
const MAX_CALL_DEPTH = 16;
/** Statements executed per file before loops stop unrolling and helpers stop inlining. */
const STEP_BUDGET = 100_000;

/** Builtins the interpreter understands when a file does not rebind them. */
const ITERATION_BUILTINS = new Set(['range', 'enumerate']);

export abstract class Interpreter {
  /** Function bodies executed at least once (inlined at a call or run on their own). */
  protected readonly executed = new Set<number>();
  /** Every function definition met while running, with the scope it closes over. */
  protected readonly definitions: { def: SyntaxNode; scope: Scope }[] = [];
  /** Depth of loops with an unknown trip count around the code being run. */
  protected unknownLoops = 0;
  protected sequence = 0;
  private readonly callStack: SyntaxNode[] = [];
  private readonly unstableByBody = new Map<number, Set<string>>();
  /** Per-node results that do not depend on the scope, by the node's start (one tree per extraction). */
  private readonly argumentsByList = new Map<number, { args: Argument[]; hasStar: boolean }>();
  private readonly jumpsByBody = new Map<number, boolean>();
  private readonly pathsByName = new Map<string, string[]>();
  private readonly pathsByAttribute = new WeakMap<string[], Map<string, string[]>>();
  private steps = 0;

  constructor(
    protected readonly source: string,
    protected readonly names: NameResolver,
    /** Starts of the AssignStatements that hold an error node (from the file's one full walk). */
    private readonly erroneousAssignments: ReadonlySet<number>,
  ) {}

  /** A call whose callee resolves to `paths`: the framework's to interpret, undefined if it is not. */
  protected abstract frameworkCall(call: SyntaxNode, argList: SyntaxNode, paths: string[], scope: Scope): Value | undefined;
  /** `layer(inputs…)`: a fresh draft consuming the inputs' producers. */
  protected abstract applyLayer(layer: LayerDraft, call: SyntaxNode, inputs: Value[]): Value;
  /** `model.add(value)` on a Sequential. */
  protected abstract addToSequential(model: ModelIR, value: Value, node: SyntaxNode): void;
  /** A user class whose base is a framework model or layer class, once its body ran. */
  protected abstract declareClass(definition: SyntaxNode, scope: Scope): void;

  protected newScope(body: SyntaxNode, parent: Scope | undefined, parameters: readonly string[] = []): Scope {
    let unstable = this.unstableByBody.get(body.from);
    if (!unstable) {
      unstable = unstableNames(body, this.source, parameters);
      this.unstableByBody.set(body.from, unstable);
    }
    return new Scope(parent, unstable);
  }

  protected execBody(body: SyntaxNode, frame: Frame): void {
    for (let statement = body.firstChild; statement && !frame.done; statement = statement.nextSibling) this.execStatement(statement, frame);
  }

  /** Runs some of a module's top-level statements in order: one group of statement-groups.ts. */
  protected execStatements(statements: readonly SyntaxNode[], frame: Frame): void {
    for (const statement of statements) if (!frame.done) this.execStatement(statement, frame);
  }

  private execStatement(statement: SyntaxNode, frame: Frame): void {
    // Past the budget loops stop unrolling and helpers stop inlining; every statement is still read once.
    this.steps++;
    const scope = frame.scope;
    switch (statement.name) {
      case 'AssignStatement': {
        const value = statement.lastChild ? this.evaluate(statement.lastChild, scope) : UNKNOWN;
        // A half-typed assignment (`x = `, `x = = 1`) binds nothing yet: the names keep their values,
        // so the model around the line being typed stays whole.
        if (this.erroneousAssignments.has(statement.from)) return;
        const targets = assignmentTargets(statement);
        for (const target of targets) this.assign(target, targets.length === 1 && !hasComma(statement) ? value : UNKNOWN, scope);
        return;
      }
      case 'UpdateStatement':
        if (statement.lastChild) this.evaluate(statement.lastChild, scope);
        if (statement.firstChild?.name === 'VariableName') scope.bind(textOf(this.source, statement.firstChild), UNKNOWN, 'assignment');
        return;
      case 'ReturnStatement': {
        const expression = statement.firstChild?.nextSibling;
        const value = expression ? this.evaluate(expression, scope) : UNKNOWN;
        // An early `return` in a branch (`if n == 0: return x`) gives way to the function's last one.
        if (frame.nested === 0 || !frame.returned) frame.returned = value;
        if (frame.nested === 0) frame.done = true;
        return;
      }
      case 'ForStatement':
        this.execFor(statement, frame);
        return;
      case 'WhileStatement':
        this.repeatUnknown(() => this.execBlocks(statement, frame));
        return;
      case 'IfStatement':
      case 'TryStatement':
      case 'WithStatement':
        // Every branch is read: its layers are part of the program as written.
        this.execBlocks(statement, frame);
        return;
      case 'FunctionDefinition': {
        const name = childNamed(statement, 'VariableName');
        if (name) scope.bind(textOf(this.source, name), { kind: 'function', def: statement, scope }, 'assignment');
        this.definitions.push({ def: statement, scope });
        return;
      }
      case 'ClassDefinition':
        this.execClass(statement, scope);
        return;
      case 'DecoratedStatement': {
        const inner = childNamed(statement, 'FunctionDefinition') ?? childNamed(statement, 'ClassDefinition');
        if (inner) this.execStatement(inner, frame);
        return;
      }
      case 'ImportStatement':
      case 'ScopeStatement':
      case 'PassStatement':
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      default:
        for (let child = statement.firstChild; child; child = child.nextSibling) if (!child.type.isError || child.firstChild) this.evaluate(child, scope);
    }
  }

  /** Runs each Body of a compound statement in order, evaluating its other expressions. */
  private execBlocks(statement: SyntaxNode, frame: Frame): void {
    for (let child = statement.firstChild; child; child = child.nextSibling) {
      if (frame.done) return;
      if (child.name === 'Body') this.execNested(child, frame);
      else if (child.name === 'VariableName' && child.prevSibling?.name === 'as') frame.scope.bind(textOf(this.source, child), UNKNOWN, 'assignment');
      else if (child.firstChild) this.evaluate(child, frame.scope);
    }
  }

  private execNested(body: SyntaxNode, frame: Frame): void {
    frame.nested++;
    try {
      this.execBody(body, frame);
    } finally {
      frame.nested--;
    }
  }

  private repeatUnknown(run: () => void): void {
    this.unknownLoops++;
    try {
      run();
    } finally {
      this.unknownLoops--;
    }
  }

  private execFor(statement: SyntaxNode, frame: Frame): void {
    const { targets, iterable, body, elseBody } = forStatementParts(statement);
    if (!body) return;
    // A `break` or `continue` makes the number of completed iterations depend on run-time values.
    const rows = iterable && !this.jumpsOutOf(body) ? this.iterate(iterable, frame.scope, targets.length) : undefined;
    if (rows && rows.length <= MAX_UNROLL && this.steps < STEP_BUDGET) {
      for (const row of rows) {
        targets.forEach((target, i) => this.assign(target, row[i], frame.scope, 'parameter'));
        this.execNested(body, frame);
        if (frame.done) return;
      }
    } else {
      if (iterable && !rows) this.evaluate(iterable, frame.scope);
      for (const target of targets) this.assign(target, UNKNOWN, frame.scope);
      this.repeatUnknown(() => this.execNested(body, frame));
    }
    if (elseBody && !frame.done) this.execNested(elseBody, frame);
  }

  /** jumpsOut, once per loop body: a nested loop runs once per iteration of the loops around it. */
  private jumpsOutOf(body: SyntaxNode): boolean {
    let jumps = this.jumpsByBody.get(body.from);
    if (jumps === undefined) {
      jumps = jumpsOut(body);
      this.jumpsByBody.set(body.from, jumps);
    }
    return jumps;
  }

  /** The values bound to a loop's `arity` targets on each iteration, or undefined when unknown. */
  private iterate(node: SyntaxNode, scope: Scope, arity: number): Value[][] | undefined {
    const builtin = this.builtinCall(node, scope);
    if (builtin?.name === 'range' && arity === 1) {
      const bounds = builtin.args.map((arg) => this.integerOf(this.evaluate(arg, scope)));
      return rangeValues(bounds, MAX_UNROLL)?.map((i): Value[] => [{ kind: 'number', value: i }]);
    }
    if (builtin?.name === 'enumerate' && arity === 2 && builtin.args.length === 1) {
      return this.iterate(builtin.args[0], scope, 1)?.map(([item], i) => [{ kind: 'number', value: i }, item]);
    }
    if (builtin) return undefined;
    const items = itemsOf(this.evaluate(node, scope));
    if (!items) return undefined;
    if (arity === 1) return items.map((item) => [item]);
    // `for units, act in [(64, 'relu'), (10, 'softmax')]`: unpack literal tuples of the right length.
    const rows = items.map(itemsOf);
    return rows.every((row): row is Value[] => row?.length === arity) ? rows : undefined;
  }

  /** `range(…)` / `enumerate(…)` when the name is Python's own (not rebound, not imported). */
  private builtinCall(node: SyntaxNode, scope: Scope): { name: string; args: SyntaxNode[] } | undefined {
    const callee = node.name === 'CallExpression' ? node.firstChild : null;
    if (callee?.name !== 'VariableName') return undefined;
    const argList = lastChildNamed(node, 'ArgList');
    if (!argList) return undefined;
    const name = textOf(this.source, callee);
    if (!ITERATION_BUILTINS.has(name) || scope.lookup(name) || this.pathsOfName(name, callee).length > 0) return undefined;
    const { args, hasStar } = this.argumentsOf(argList);
    if (hasStar || args.some((arg) => arg.keyword !== undefined)) return { name, args: [] };
    return { name, args: args.map((arg) => arg.value) };
  }

  protected integerOf(value: Value): number | undefined {
    const number = value.kind === 'number' ? value.value : value.kind === 'expr' ? literalValue(value.node, this.source) : undefined;
    return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
  }

  private assign(target: SyntaxNode, value: Value, scope: Scope, origin: Binding['origin'] = 'assignment'): void {
    if (target.name === 'VariableName') {
      scope.bind(textOf(this.source, target), value, origin);
    } else if (target.name === 'MemberExpression') {
      const object = target.firstChild ? this.evaluate(target.firstChild, scope) : UNKNOWN;
      const property = lastChildNamed(target, 'PropertyName');
      if (object.kind === 'object' && property) object.attributes.set(textOf(this.source, property), value);
    }
  }

  private execClass(definition: SyntaxNode, scope: Scope): void {
    const name = childNamed(definition, 'VariableName');
    // Instances are not followed: a subclassed model is read from its own methods (declareClass).
    if (name) scope.bind(textOf(this.source, name), { kind: 'unknown', node: definition }, 'assignment');
    const body = childNamed(definition, 'Body');
    if (body) this.execBody(body, { scope: new Scope(scope, new Set()), done: false, nested: 0 });
    this.declareClass(definition, scope);
  }

  /** Runs a class's method with `self` and the given arguments bound (the rest from defaults, or unknown). */
  protected runMethod(method: SyntaxNode, self: ObjectValue, args: Value[]): Value {
    return this.invoke({ kind: 'function', def: method, scope: self.scope, self }, args, new Map());
  }

  /** Runs a function body on its own, its parameters bound to their defaults or unknown. */
  protected runStandalone(definition: SyntaxNode, scope: Scope): void {
    this.invoke({ kind: 'function', def: definition, scope }, [], new Map());
  }

  // ---- expressions ----

  protected evaluate(node: SyntaxNode, scope: Scope): Value {
    switch (node.name) {
      case 'VariableName':
        return this.lookup(node, scope);
      case 'MemberExpression':
        return this.memberOf(node.firstChild ? this.evaluate(node.firstChild, scope) : UNKNOWN, node);
      case 'CallExpression':
        return this.call(node, scope);
      case 'ParenthesizedExpression': {
        // The one expression between the parentheses, if there is exactly one.
        let inner: SyntaxNode | null = null;
        let count = 0;
        for (let child = node.firstChild; child; child = child.nextSibling) {
          if (child.name !== '(' && child.name !== ')' && count++ === 0) inner = child;
        }
        if (inner && count === 1) {
          const value = this.evaluate(inner, scope);
          return value.kind === 'expr' && value.node === inner && !value.viaVariable ? { ...value, node, site: node } : value;
        }
        return { kind: 'expr', node, site: node, viaVariable: false };
      }
      case 'ArrayExpression':
      case 'TupleExpression': {
        const items: Value[] = [];
        for (const child of itemsOfBrackets(node)) if (!child.type.isError) items.push(this.evaluate(child, scope));
        return { kind: 'expr', node, site: node, viaVariable: false, items };
      }
      case 'ArrayComprehensionExpression':
        return this.comprehension(node, scope);
      case 'LambdaExpression':
        return { kind: 'unknown', node };
      default:
        // Literals, operators, dicts: their value is the text as written (literalValue decides).
        // Calls inside still run, for the layers they may build and apply.
        for (let child = node.firstChild; child; child = child.nextSibling) if (child.firstChild) this.evaluate(child, scope);
        return { kind: 'expr', node, site: node, viaVariable: false };
    }
  }

  private lookup(node: SyntaxNode, scope: Scope): Value {
    const name = textOf(this.source, node);
    const binding = scope.lookup(name);
    if (!binding) {
      const paths = this.pathsOfName(name, node);
      return paths.length > 0 ? { kind: 'expr', node, site: node, viaVariable: false, paths } : { kind: 'unknown', node };
    }
    const value = binding.value;
    if (value.kind !== 'expr' && value.kind !== 'number') return value;
    // A value read from a name bound more than once (or in a branch) is not known.
    if (!binding.stable) return { kind: 'unknown', node };
    if (value.kind === 'expr' && binding.origin === 'assignment') return { ...value, site: node, viaVariable: true };
    return value;
  }

  /** `name` is the attribute's name when the caller has read it already. */
  private memberOf(object: Value, node: SyntaxNode, name?: string): Value {
    if (name === undefined) {
      const property = lastChildNamed(node, 'PropertyName');
      if (!property) return { kind: 'unknown', node };
      name = textOf(this.source, property);
    }
    if (object.kind === 'object') {
      const method = object.methods.get(name);
      if (method) return { kind: 'function', def: method, scope: object.scope, self: object };
      return object.attributes.get(name) ?? { kind: 'unknown', node };
    }
    if (object.kind === 'expr' && object.paths) {
      return { kind: 'expr', node, site: node, viaVariable: false, paths: this.attributePaths(object.paths, name) };
    }
    return { kind: 'unknown', node };
  }

  private call(call: SyntaxNode, scope: Scope): Value {
    const callee = call.firstChild;
    const argList = lastChildNamed(call, 'ArgList');
    if (!callee || !argList) return { kind: 'unknown', node: call };
    let calleeValue: Value;
    if (callee.name === 'MemberExpression') {
      // The object is evaluated once: it may itself build and apply layers.
      const object = callee.firstChild ? this.evaluate(callee.firstChild, scope) : UNKNOWN;
      const property = lastChildNamed(callee, 'PropertyName');
      const method = property ? textOf(this.source, property) : undefined;
      const [first] = this.argumentsOf(argList).args;
      if (method === 'add' && object.kind === 'sequential') {
        if (first) this.addToSequential(object.model, this.evaluate(first.value, scope), first.value);
        return UNKNOWN;
      }
      const items = itemsOf(object);
      if (method === 'append' && items) {
        if (first) items.push(this.evaluate(first.value, scope));
        return UNKNOWN;
      }
      calleeValue = property ? this.memberOf(object, callee, method) : { kind: 'unknown', node: callee };
    } else {
      calleeValue = this.evaluate(callee, scope);
    }
    if (calleeValue.kind === 'layer') {
      return this.applyLayer(calleeValue.draft, call, this.argumentsOf(argList).args.map((arg) => this.evaluate(arg.value, scope)));
    }
    if (calleeValue.kind === 'function') return this.callFunction(calleeValue, argList, scope);
    if (calleeValue.kind === 'expr' && calleeValue.paths) {
      const value = this.frameworkCall(call, argList, calleeValue.paths, scope);
      if (value) return value;
    }
    this.evaluateArguments(argList, scope);
    return { kind: 'unknown', node: call };
  }

  /** Runs the calls inside arguments nobody interprets (their layers may still be applied). */
  protected evaluateArguments(argList: SyntaxNode, scope: Scope): void {
    for (const arg of this.argumentsOf(argList).args) this.evaluate(arg.value, scope);
  }

  /**
   * The import paths of a name no scope binds (NameResolver.candidates), once per name. The
   * arrays are shared between values: nothing changes a value's paths.
   */
  private pathsOfName(name: string, node: SyntaxNode): string[] {
    let paths = this.pathsByName.get(name);
    if (!paths) this.pathsByName.set(name, (paths = this.names.candidates(node)));
    return paths;
  }

  /** `paths` each followed by `.name`, once per paths array and name. */
  private attributePaths(paths: string[], name: string): string[] {
    let byName = this.pathsByAttribute.get(paths);
    if (!byName) this.pathsByAttribute.set(paths, (byName = new Map()));
    let joined = byName.get(name);
    if (!joined) byName.set(name, (joined = paths.map((path) => `${path}.${name}`)));
    return joined;
  }

  /** An ArgList's arguments, read once per extraction: loops and helpers evaluate the same calls again and again. */
  protected argumentsOf(argList: SyntaxNode): { args: Argument[]; hasStar: boolean } {
    let read = this.argumentsByList.get(argList.from);
    if (!read) {
      read = readArguments(argList, this.source);
      this.argumentsByList.set(argList.from, read);
    }
    return read;
  }

  private comprehension(node: SyntaxNode, scope: Scope): Value {
    const children: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
    const forAt = children.findIndex((child) => child.name === 'for');
    const inAt = children.findIndex((child) => child.name === 'in');
    const element = children[1];
    // One `for` clause and no `if`: anything else has a length that depends on run-time values.
    const simple = forAt === 2 && inAt > forAt && children.filter((child) => child.name === 'for' || child.name === 'if').length === 1;
    const targets = children.slice(forAt + 1, inAt).filter((child) => child.name !== ',');
    const rows = simple ? this.iterate(children[inAt + 1], scope, targets.length) : undefined;
    const inner = new Scope(scope, new Set());
    if (!rows || rows.length > MAX_UNROLL) {
      this.repeatUnknown(() => element && this.evaluate(element, inner));
      return { kind: 'unknown', node };
    }
    const items: Value[] = [];
    for (const row of rows) {
      targets.forEach((target, i) => this.assign(target, row[i], inner, 'parameter'));
      items.push(this.evaluate(element, inner));
    }
    return { kind: 'list', items };
  }

  private callFunction(fn: Extract<Value, { kind: 'function' }>, argList: SyntaxNode, scope: Scope): Value {
    const { args, hasStar } = this.argumentsOf(argList);
    const positional = args.filter((arg) => arg.keyword === undefined).map((arg) => this.evaluate(arg.value, scope));
    const keywords = new Map(args.filter((arg) => arg.keyword !== undefined).map((arg) => [arg.keyword!, this.evaluate(arg.value, scope)]));
    if (hasStar || this.callStack.includes(fn.def) || this.callStack.length >= MAX_CALL_DEPTH || this.steps >= STEP_BUDGET) return UNKNOWN;
    return this.invoke(fn, positional, keywords);
  }

  private invoke(fn: Extract<Value, { kind: 'function' }>, positional: Value[], keywords: Map<string, Value>): Value {
    const body = childNamed(fn.def, 'Body');
    const paramList = childNamed(fn.def, 'ParamList');
    if (!body || !paramList) return UNKNOWN;
    const params = readParameters(paramList, this.source);
    const scope = this.newScope(body, fn.scope, params.map((param) => param.name));
    const values = parameterValues(params, fn.self ? [fn.self, ...positional] : positional, keywords, (node) => this.evaluate(node, fn.scope));
    params.forEach((param, i) => scope.bind(param.name, values[i] ?? UNKNOWN, 'parameter'));
    this.executed.add(fn.def.from);
    this.callStack.push(fn.def);
    const frame: Frame = { scope, done: false, nested: 0 };
    try {
      this.execBody(body, frame);
    } finally {
      this.callStack.pop();
    }
    return frame.returned ?? UNKNOWN;
  }
}

/** The elements of a list, tuple or list literal value. */
export function itemsOf(value: Value): Value[] | undefined {
  if (value.kind === 'list') return value.items;
  if (value.kind === 'expr') return value.items;
  return undefined;
}

function hasComma(statement: SyntaxNode): boolean {
  for (let child = statement.firstChild; child; child = child.nextSibling) if (child.name === ',') return true;
  return false;
}
