// A small abstract interpreter for model-building Python: it runs statements in order,
// binds simple variables, unrolls loops with a known trip count, inlines helper functions at
// their calls and follows `self` through subclassed models. Framework calls are the
// subclass's to interpret (KerasExtractor). Anything it cannot follow is `unknown`.

import type { SyntaxNode } from '@lezer/common';
import { childNamed, textOf } from '../../parse';
import type { ModelIR } from '../../ir';
import type { LayerDraft } from '../layer-draft';
import { assignmentParts, unstableNames } from './bindings';
import { parameterValues, rangeValues } from './evaluation';
import { forStatementParts, jumpsOut, lastChildNamed, literalValue, readArguments, readParameters, type Argument, type ChildWalk, type NameResolver, type Parameter } from './syntax';

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
  paths?: readonly string[];
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
  /** The scope that binds the name. */
  scope: Scope;
  /** Parameters and loop targets keep the site of the argument or element they were bound to. */
  origin: 'assignment' | 'parameter';
}

export class Scope {
  private readonly bindings = new Map<string, Binding>();

  constructor(
    readonly parent: Scope | undefined,
    /**
     * The names the scope binds more than once or conditionally, or how to find them: they are
     * looked for only when a value read from a name is one whose stability matters.
     */
    private unstable: ReadonlySet<string> | (() => ReadonlySet<string>),
  ) {}

  bind(name: string, value: Value, origin: Binding['origin']): void {
    const binding = this.bindings.get(name);
    if (binding) {
      binding.value = value;
      binding.origin = origin;
    } else {
      this.bindings.set(name, { value, scope: this, origin });
    }
  }

  lookup(name: string): Binding | undefined {
    return this.bindings.get(name) ?? this.parent?.lookup(name);
  }

  /** False when the scope binds `name` more than once or conditionally. */
  isStable(name: string): boolean {
    if (typeof this.unstable === 'function') this.unstable = this.unstable();
    return !this.unstable.has(name);
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
/** How many ArgLists argumentsOf keeps at hand outside loops: a call and the calls in its arguments. */
const RECENT_ARGUMENTS = 8;

type ArgumentList = { args: Argument[]; hasStar: boolean };
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
  /** Per-node results, by the node's start, each made when first needed: an extractor runs per statement group, most of them without a function or a loop. */
  private unstableByBody?: Map<number, Set<string>>;
  /** The ArgLists read last (argumentsOf), by start. */
  /** The last few argument lists read, by their ArgList's start: two parallel rings, no entry objects. */
  private readonly recentStarts: number[] = [];
  private readonly recentArguments: ArgumentList[] = [];
  private recentSlot = 0;
  private jumpsByBody?: Map<number, boolean>;
  /** A function definition's body and parameters, by the definition's start: helpers run once per call. */
  private signatures?: Map<number, { body: SyntaxNode; params: Parameter[] } | null>;
  /** What is kept while code runs more than once (see repeat); emptied when the outermost such loop ends. */
  private readonly repeated = new RepeatedCode();
  /** Depth of unrolled loops (and comprehensions) of more than one iteration around the code being run. */
  private repeating = 0;
  /** firstChildOf and nextSiblingOf, for the readers of syntax.ts. */
  private readonly walk: ChildWalk = { firstChild: (node) => this.firstChildOf(node), nextSibling: (node) => this.nextSiblingOf(node) };
  private steps = 0;

  constructor(
    protected readonly source: string,
    protected readonly names: NameResolver,
    /** Starts of the AssignStatements that hold an error node (from the file's one full walk). */
    private readonly erroneousAssignments: ReadonlySet<number>,
  ) {}

  /** A call whose callee resolves to `paths`: the framework's to interpret, undefined if it is not. */
  protected abstract frameworkCall(call: SyntaxNode, argList: SyntaxNode, paths: readonly string[], scope: Scope): Value | undefined;
  /** `layer(inputs…)`: a fresh draft consuming the inputs' producers. */
  protected abstract applyLayer(layer: LayerDraft, call: SyntaxNode, inputs: Value[]): Value;
  /** `model.add(value)` on a Sequential. */
  protected abstract addToSequential(model: ModelIR, value: Value, node: SyntaxNode): void;
  /** A user class whose base is a framework model or layer class, once its body ran. */
  protected abstract declareClass(definition: SyntaxNode, scope: Scope): void;

  protected newScope(body: SyntaxNode, parent: Scope | undefined, parameters: readonly string[] = []): Scope {
    return new Scope(parent, () => {
      this.unstableByBody ??= new Map();
      let unstable = this.unstableByBody.get(body.from);
      if (!unstable) {
        unstable = unstableNames(body, this.source, parameters);
        this.unstableByBody.set(body.from, unstable);
      }
      return unstable;
    });
  }

  protected execBody(body: SyntaxNode, frame: Frame): void {
    for (let statement = this.firstChildOf(body); statement && !frame.done; statement = this.nextSiblingOf(statement)) this.execStatement(statement, frame);
  }

  /**
   * Lezer's `firstChild`. While code runs more than once (an unrolled loop's body) the answers
   * are kept, with nextSiblingOf's: later iterations meet the same node objects rather than
   * build new ones, and each node is reached once per loop instead of once per iteration.
   */
  protected firstChildOf(node: SyntaxNode): SyntaxNode | null {
    if (this.repeating === 0) return node.firstChild;
    const kept = this.repeated.firstChildren;
    let child = kept.get(node);
    if (child === undefined) kept.set(node, (child = node.firstChild));
    return child;
  }

  /** Lezer's `nextSibling`, kept as firstChildOf's answers are. */
  protected nextSiblingOf(node: SyntaxNode): SyntaxNode | null {
    if (this.repeating === 0) return node.nextSibling;
    const kept = this.repeated.nextSiblings;
    let sibling = kept.get(node);
    if (sibling === undefined) kept.set(node, (sibling = node.nextSibling));
    return sibling;
  }

  /** syntax.ts's lastChildNamed, walking forward from the node's first child `first` (null for none). */
  private lastChildNamedFrom(first: SyntaxNode | null, name: string): SyntaxNode | null {
    let named: SyntaxNode | null = null;
    let last: SyntaxNode | null = null;
    for (let child = first; child; child = this.nextSiblingOf(child)) {
      if (!named && child.name === name) named = child;
      last = child;
    }
    return last?.name === name ? last : named;
  }

  /** Runs `body` as code that runs more than once when `times` is over one (firstChildOf). */
  private repeat(times: number, body: () => void): void {
    if (times < 2) return body();
    this.repeating++;
    try {
      body();
    } finally {
      if (--this.repeating === 0) this.repeated.clear();
    }
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
        const { targets, value: written, comma } = assignmentParts(statement, this.walk);
        const value = written ? this.evaluate(written, scope) : UNKNOWN;
        // A half-typed assignment (`x = `, `x = = 1`) binds nothing yet: the names keep their values,
        // so the model around the line being typed stays whole.
        if (this.erroneousAssignments.has(statement.from)) return;
        const single = targets.length === 1 && !comma;
        for (const target of targets) this.assign(target, single ? value : UNKNOWN, scope);
        return;
      }
      case 'UpdateStatement': {
        const target = this.firstChildOf(statement);
        let value = target;
        for (let child = target; child; child = this.nextSiblingOf(child)) value = child;
        if (value) this.evaluateForEffects(value, scope);
        if (target?.name === 'VariableName') scope.bind(textOf(this.source, target), UNKNOWN, 'assignment');
        return;
      }
      case 'ReturnStatement': {
        const first = this.firstChildOf(statement);
        const expression = first && this.nextSiblingOf(first);
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
        for (let child = this.firstChildOf(statement); child; child = this.nextSiblingOf(child)) this.evaluateForEffects(child, scope);
    }
  }

  /** Runs each Body of a compound statement in order, evaluating its other expressions. */
  private execBlocks(statement: SyntaxNode, frame: Frame): void {
    let previous = '';
    for (let child = this.firstChildOf(statement); child; child = this.nextSiblingOf(child)) {
      if (frame.done) return;
      const name = child.name;
      if (name === 'Body') this.execNested(child, frame);
      else if (name === 'VariableName' && previous === 'as') frame.scope.bind(textOf(this.source, child), UNKNOWN, 'assignment');
      else this.evaluateForEffects(child, frame.scope);
      previous = name;
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
    const { targets, iterable, body, elseBody } = forStatementParts(statement, this.walk);
    if (!body) return;
    // A `break` or `continue` makes the number of completed iterations depend on run-time values.
    const rows = iterable && !this.jumpsOutOf(body) ? this.iterate(iterable, frame.scope, targets.length) : undefined;
    if (rows && rows.length <= MAX_UNROLL && this.steps < STEP_BUDGET) {
      this.repeat(rows.length, () => {
        for (const row of rows) {
          targets.forEach((target, i) => this.assign(target, row[i], frame.scope, 'parameter'));
          this.execNested(body, frame);
          if (frame.done) return;
        }
      });
      if (frame.done) return;
    } else {
      if (iterable && !rows) this.evaluateForEffects(iterable, frame.scope);
      for (const target of targets) this.assign(target, UNKNOWN, frame.scope);
      this.repeatUnknown(() => this.execNested(body, frame));
    }
    if (elseBody && !frame.done) this.execNested(elseBody, frame);
  }

  /** jumpsOut, once per loop body: a nested loop runs once per iteration of the loops around it. */
  private jumpsOutOf(body: SyntaxNode): boolean {
    this.jumpsByBody ??= new Map();
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
    const callee = node.name === 'CallExpression' ? this.firstChildOf(node) : null;
    if (callee?.name !== 'VariableName') return undefined;
    const argList = this.lastChildNamedFrom(callee, 'ArgList');
    if (!argList) return undefined;
    const name = textOf(this.source, callee);
    if (!ITERATION_BUILTINS.has(name) || scope.lookup(name) || this.pathsOfName(name).length > 0) return undefined;
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
      const first = this.firstChildOf(target);
      const object = first ? this.evaluate(first, scope) : UNKNOWN;
      const property = this.lastChildNamedFrom(first, 'PropertyName');
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
      case 'MemberExpression': {
        const first = this.firstChildOf(node);
        const object = first ? this.evaluate(first, scope) : UNKNOWN;
        const property = this.lastChildNamedFrom(first, 'PropertyName');
        return property ? this.memberOf(object, node, textOf(this.source, property)) : { kind: 'unknown', node };
      }
      case 'CallExpression':
        return this.call(node, scope);
      case 'ParenthesizedExpression': {
        const inner = this.onlyInner(node);
        if (inner) {
          const value = this.evaluate(inner, scope);
          return value.kind === 'expr' && value.node === inner && !value.viaVariable ? { ...value, node, site: node } : value;
        }
        return { kind: 'expr', node, site: node, viaVariable: false };
      }
      case 'ArrayExpression':
      case 'TupleExpression': {
        const items: Value[] = [];
        for (let child = this.firstChildOf(node); child; child = this.nextSiblingOf(child)) if (!BRACKETS.has(child.name) && !child.type.isError) items.push(this.evaluate(child, scope));
        return { kind: 'expr', node, site: node, viaVariable: false, items };
      }
      case 'ArrayComprehensionExpression':
        return this.comprehension(node, scope);
      case 'LambdaExpression':
        return { kind: 'unknown', node };
      default:
        // Literals, operators, dicts: their value is the text as written (literalValue decides).
        // Calls inside still run, for the layers they may build and apply.
        for (let child = this.firstChildOf(node); child; child = this.nextSiblingOf(child)) this.evaluateForEffects(child, scope);
        return { kind: 'expr', node, site: node, viaVariable: false };
    }
  }

  /**
   * Evaluates `node` for what it does (the layers it builds and applies) when its value is not
   * used: as evaluate, without building the values. Reading a name or an attribute does nothing,
   * nor does a node without children.
   */
  protected evaluateForEffects(node: SyntaxNode, scope: Scope): void {
    this.runForEffects(node, scope);
  }

  /**
   * evaluateForEffects; false when `node` holds nothing that can do anything (no call, no
   * comprehension where evaluation reaches), whatever the scope. Code that runs more than once
   * skips such nodes after its first run.
   */
  private runForEffects(node: SyntaxNode, scope: Scope): boolean {
    const name = node.name;
    if (name === 'VariableName' || name === 'LambdaExpression') return false;
    if (this.repeating > 0 && this.repeated.inert.has(node)) return false;
    let active = false;
    switch (name) {
      case 'MemberExpression': {
        const object = this.firstChildOf(node);
        active = object !== null && this.runForEffects(object, scope);
        break;
      }
      case 'CallExpression':
        this.call(node, scope);
        return true;
      case 'ParenthesizedExpression': {
        const inner = this.onlyInner(node);
        active = inner !== null && this.runForEffects(inner, scope);
        break;
      }
      case 'ArrayExpression':
      case 'TupleExpression':
        for (let child = this.firstChildOf(node); child; child = this.nextSiblingOf(child)) {
          if (!BRACKETS.has(child.name) && !child.type.isError && this.runForEffects(child, scope)) active = true;
        }
        break;
      case 'ArrayComprehensionExpression':
        this.comprehension(node, scope);
        return true;
      default:
        for (let child = this.firstChildOf(node); child; child = this.nextSiblingOf(child)) if (this.runForEffects(child, scope)) active = true;
    }
    if (!active && this.repeating > 0) this.repeated.inert.add(node);
    return active;
  }

  private lookup(node: SyntaxNode, scope: Scope): Value {
    const name = textOf(this.source, node);
    const binding = scope.lookup(name);
    if (!binding) {
      const paths = this.pathsOfName(name);
      return paths.length > 0 ? { kind: 'expr', node, site: node, viaVariable: false, paths } : { kind: 'unknown', node };
    }
    const value = binding.value;
    if (value.kind !== 'expr' && value.kind !== 'number') return value;
    // A value read from a name bound more than once (or in a branch) is not known.
    if (!binding.scope.isStable(name)) return { kind: 'unknown', node };
    if (value.kind === 'expr' && binding.origin === 'assignment') return { kind: 'expr', node: value.node, site: node, viaVariable: true, paths: value.paths, items: value.items };
    return value;
  }

  /** The attribute `name` of `object`, read at `node`. */
  private memberOf(object: Value, node: SyntaxNode, name: string): Value {
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
    const callee = this.firstChildOf(call);
    const argList = this.lastChildNamedFrom(callee, 'ArgList');
    if (!callee || !argList) return { kind: 'unknown', node: call };
    let calleeValue: Value;
    if (callee.name === 'MemberExpression') {
      // The object is evaluated once: it may itself build and apply layers.
      const objectNode = this.firstChildOf(callee);
      const object = objectNode ? this.evaluate(objectNode, scope) : UNKNOWN;
      const property = this.lastChildNamedFrom(objectNode, 'PropertyName');
      const method = property ? textOf(this.source, property) : undefined;
      const first = this.argumentsOf(argList).args[0];
      if (method === 'add' && object.kind === 'sequential') {
        if (first) this.addToSequential(object.model, this.evaluate(first.value, scope), first.value);
        return UNKNOWN;
      }
      const items = itemsOf(object);
      if (method === 'append' && items) {
        if (first) items.push(this.evaluate(first.value, scope));
        return UNKNOWN;
      }
      if (method !== undefined && object.kind === 'expr' && object.paths) {
        // An attribute of an imported module (`layers.Dense`): its paths, without a value for the callee.
        const value = this.frameworkCall(call, argList, this.attributePaths(object.paths, method), scope);
        if (value) return value;
        this.evaluateArguments(argList, scope);
        return { kind: 'unknown', node: call };
      }
      calleeValue = method !== undefined ? this.memberOf(object, callee, method) : { kind: 'unknown', node: callee };
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
    for (const arg of this.argumentsOf(argList).args) this.evaluateForEffects(arg.value, scope);
  }

  /**
   * The import paths of a name no scope binds (NameResolver.candidates), once per name. The
   * arrays are shared between values: nothing changes a value's paths.
   */
  private pathsOfName(name: string): readonly string[] {
    return this.names.namePaths(name);
  }

  /** NameResolver.candidates, from the paths kept per name and attribute (the arrays are shared: read them only). */
  protected candidatesOf(node: SyntaxNode): readonly string[] {
    if (node.name === 'VariableName') return this.pathsOfName(textOf(this.source, node));
    if (node.name !== 'MemberExpression') return NO_PATHS;
    const object = node.firstChild;
    const property = lastChildNamed(node, 'PropertyName');
    if (!object || !property) return NO_PATHS;
    return this.attributePaths(this.candidatesOf(object), textOf(this.source, property));
  }

  /** `paths` each followed by `.name`, once per paths array and name (shared arrays). */
  private attributePaths(paths: readonly string[], name: string): readonly string[] {
    return this.names.attributePaths(paths, name);
  }

  /**
   * An ArgList's arguments. A call asks for them more than once (to dispatch, to bind, to
   * evaluate), so the last few are kept; a loop runs the same calls again and again, so while
   * one repeats they are kept by position until the loop ends.
   */
  protected argumentsOf(argList: SyntaxNode): ArgumentList {
    const from = argList.from;
    const starts = this.recentStarts;
    for (let i = 0; i < starts.length; i++) if (starts[i] === from) return this.recentArguments[i];
    let read = this.repeating > 0 ? this.repeated.argumentsByList.get(from) : undefined;
    if (!read) {
      read = readArguments(argList, this.source);
      if (this.repeating > 0) this.repeated.argumentsByList.set(from, read);
    }
    if (starts.length < RECENT_ARGUMENTS) {
      starts.push(from);
      this.recentArguments.push(read);
    } else {
      const slot = this.recentSlot++ % RECENT_ARGUMENTS;
      starts[slot] = from;
      this.recentArguments[slot] = read;
    }
    return read;
  }

  /** The one expression between a ParenthesizedExpression's parentheses; null when there is not exactly one. */
  private onlyInner(node: SyntaxNode): SyntaxNode | null {
    let inner: SyntaxNode | null = null;
    let count = 0;
    for (let child = this.firstChildOf(node); child; child = this.nextSiblingOf(child)) {
      const name = child.name;
      if (name !== '(' && name !== ')' && count++ === 0) inner = child;
    }
    return count === 1 ? inner : null;
  }

  private comprehension(node: SyntaxNode, scope: Scope): Value {
    const children: SyntaxNode[] = [];
    for (let child = this.firstChildOf(node); child; child = this.nextSiblingOf(child)) children.push(child);
    const forAt = children.findIndex((child) => child.name === 'for');
    const inAt = children.findIndex((child) => child.name === 'in');
    const element = children[1];
    // One `for` clause and no `if`: anything else has a length that depends on run-time values.
    const simple = forAt === 2 && inAt > forAt && children.filter((child) => child.name === 'for' || child.name === 'if').length === 1;
    const targets = children.slice(forAt + 1, inAt).filter((child) => child.name !== ',');
    const rows = simple ? this.iterate(children[inAt + 1], scope, targets.length) : undefined;
    const inner = new Scope(scope, new Set());
    if (!rows || rows.length > MAX_UNROLL) {
      this.repeatUnknown(() => element && this.evaluateForEffects(element, inner));
      return { kind: 'unknown', node };
    }
    const items: Value[] = [];
    this.repeat(rows.length, () => {
      for (const row of rows) {
        targets.forEach((target, i) => this.assign(target, row[i], inner, 'parameter'));
        items.push(this.evaluate(element, inner));
      }
    });
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
    const signature = this.signatureOf(fn.def);
    if (!signature) return UNKNOWN;
    const { body, params } = signature;
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

  /** A definition's Body and parameters, read once per extraction; null when it has no body or parameter list. */
  private signatureOf(definition: SyntaxNode): { body: SyntaxNode; params: Parameter[] } | null {
    this.signatures ??= new Map();
    let signature = this.signatures.get(definition.from);
    if (signature === undefined) {
      const body = childNamed(definition, 'Body');
      const paramList = childNamed(definition, 'ParamList');
      signature = body && paramList ? { body, params: readParameters(paramList, this.source) } : null;
      this.signatures.set(definition.from, signature);
    }
    return signature;
  }
}

/** The elements of a list, tuple or list literal value. */
export function itemsOf(value: Value): Value[] | undefined {
  if (value.kind === 'list') return value.items;
  if (value.kind === 'expr') return value.items;
  return undefined;
}

const BRACKETS: ReadonlySet<string> = new Set(['(', ')', '[', ']', ',']);
const NO_PATHS: readonly string[] = [];

/** What an interpreter keeps while code runs more than once, each made when first needed. */
class RepeatedCode {
  private firstChildList?: Map<SyntaxNode, SyntaxNode | null>;
  private nextSiblingList?: Map<SyntaxNode, SyntaxNode | null>;
  private inertNodes?: Set<SyntaxNode>;
  private argumentLists?: Map<number, ArgumentList>;

  /** Lezer's firstChild, by node. */
  get firstChildren(): Map<SyntaxNode, SyntaxNode | null> {
    return (this.firstChildList ??= new Map());
  }

  /** Lezer's nextSibling, by node. */
  get nextSiblings(): Map<SyntaxNode, SyntaxNode | null> {
    return (this.nextSiblingList ??= new Map());
  }

  /** Nodes runForEffects found to hold nothing that does anything. */
  get inert(): Set<SyntaxNode> {
    return (this.inertNodes ??= new Set());
  }

  /** ArgLists' arguments, by start. */
  get argumentsByList(): Map<number, ArgumentList> {
    return (this.argumentLists ??= new Map());
  }

  clear(): void {
    this.firstChildList = this.nextSiblingList = this.inertNodes = this.argumentLists = undefined;
  }
}
