// A small interpreter for the Python that builds and initializes PyTorch models. It runs
// statements in order, takes the branch a known condition selects (`isinstance(m, nn.Linear)`,
// `'weight' in name`, `m.bias is not None`) and reads every branch of an unknown one, unrolls
// loops with a known trip count, inlines functions and methods at their calls, unpacks tuples
// and follows `+=` on lists and tensors. torch's own names are the subclass's to interpret
// (TorchExtractor). Anything it cannot follow is unknown, never guessed.

import type { SyntaxNode } from '@lezer/common';
import { childNamed, textOf } from '../../../parse';
import { parameterValues, rangeValues } from '../evaluation';
import { forStatementParts, jumpsOut, lastChildNamed, literalValue, readParameters, stringValue, type NameResolver, type Parameter } from '../syntax';
import { Scope, UNKNOWN, type ClassInfo, type TorchModule, type Value } from './values';

/** Arguments of a call, evaluated. */
export interface Args {
  positional: Value[];
  positionalNodes: SyntaxNode[];
  keywords: Map<string, Value>;
  keywordNodes: Map<string, SyntaxNode>;
  /** `*args` or `**kwargs` whose contents are unknown: more arguments may be passed. */
  open: boolean;
}

/** Arguments mapped onto parameter names (positional in declared order). */
export function bindArgs(args: Args, params: readonly string[]): Map<string, { value: Value; node?: SyntaxNode }> {
  const bound = new Map<string, { value: Value; node?: SyntaxNode }>();
  args.positional.forEach((value, i) => {
    if (i < params.length) bound.set(params[i], { value, node: args.positionalNodes[i] });
  });
  for (const [name, value] of args.keywords) bound.set(name, { value, node: args.keywordNodes.get(name) });
  return bound;
}

interface Frame {
  scope: Scope;
  returned?: Value;
  done: boolean;
  /** The uncertainty level the function body started at: a `return` above it may not run. */
  base: number;
  /** The module a method runs for (`self`), for `super()`. */
  self?: TorchModule;
}

/** Loops longer than this are treated as having an unknown trip count. */
const MAX_UNROLL = 512;
const MAX_CALL_DEPTH = 16;
/** Statements executed per file before loops stop unrolling and calls stop inlining. */
const STEP_BUDGET = 100_000;

const BUILTINS = new Set(['setattr', 'range', 'enumerate', 'zip', 'len', 'list', 'tuple', 'reversed', 'isinstance', 'type', 'hasattr', 'getattr', 'int', 'float', 'str', 'bool', 'min', 'max', 'abs', 'round', 'super', 'print', 'sum', 'dict']);

/** Python's types, for `isinstance(k, int)`. */
const BUILTIN_TYPES = new Set(['int', 'float', 'str', 'bool', 'list', 'tuple', 'dict']);

const isConst = (value: Value): value is Extract<Value, { k: 'const' }> => value.k === 'const';
const num = (value: Value): number | undefined => (value.k === 'const' && typeof value.value === 'number' ? value.value : value.k === 'const' && typeof value.value === 'boolean' ? Number(value.value) : undefined);
const str = (value: Value): string | undefined => (value.k === 'const' && typeof value.value === 'string' ? value.value : undefined);
export const constant = (value: number | string | boolean | null): Value => ({ k: 'const', value });

export abstract class TorchInterpreter {
  /** Function bodies executed at least once (inlined at a call or run on their own). */
  protected readonly executed = new Set<number>();
  /** Every function definition met while running, with the scope it closes over. */
  protected readonly definitions: { def: SyntaxNode; scope: Scope }[] = [];
  /** Depth of loops with an unknown trip count around the code being run. */
  protected unknownLoops = 0;
  /** Depth of branches and loops that may not run around the code being run. */
  protected uncertain = 0;
  /** Depth of methods of torch classes being run: modules built there are parts of a model. */
  protected inTorchClass = 0;
  private readonly callStack: SyntaxNode[] = [];
  private steps = 0;
  /** ArgLists and ParamLists read once per extraction, by position. */
  private readonly paramsByList = new Map<number, Parameter[]>();

  constructor(
    protected readonly source: string,
    protected readonly names: NameResolver,
    /** Starts of the AssignStatements that hold an error node: half-typed, they bind nothing. */
    private readonly erroneousAssignments: ReadonlySet<number>,
  ) {}

  // ---- the subclass's hooks ----

  /** A call whose callee resolves to import `paths` (torch, math, collections): undefined when not understood. */
  protected abstract callPath(paths: string[], call: SyntaxNode, callee: SyntaxNode, args: Args, scope: Scope): Value | undefined;
  /** `object.name(args)` on a torch value (a module, a parameter, a tensor); undefined for the generic path. */
  protected abstract callMethod(object: Value, name: string, call: SyntaxNode, callee: SyntaxNode, args: Args, scope: Scope): Value | undefined;
  /** Calling a value that is not a function (a module on a tensor). */
  protected abstract callValue(callee: Value, call: SyntaxNode, args: Args): Value;
  /** An attribute of a torch value; undefined for none the subclass knows. */
  protected abstract attributeOf(object: Value, name: string, node: SyntaxNode): Value | undefined;
  /** `object[index]` on a torch value; undefined when not known. */
  protected abstract subscriptOf(object: Value, index: Value): Value | undefined;
  /** `target.name = value` on a torch value: true when handled. */
  protected abstract assignAttribute(object: Value, name: string, value: Value, statement: SyntaxNode, target: SyntaxNode): boolean;
  /** `Class(args)` for a user class. */
  protected abstract instantiate(info: ClassInfo, call: SyntaxNode, args: Args): Value;
  /** A class definition has run: `info` is complete. */
  protected abstract declareClass(info: ClassInfo, bases: Value[]): void;
  /** An arithmetic operator on values that are not both scalars (tensors); undefined when not known. */
  protected abstract arithmetic(operator: string, left: Value, right: Value, node: SyntaxNode): Value | undefined;
  /** `isinstance(value, cls)` for one class value; undefined when unknown. */
  protected abstract isInstance(value: Value, cls: Value): boolean | undefined;
  /** `type(value)`. */
  protected abstract typeOf(value: Value): Value;
  /** The elements a `for` loop over a torch value takes (a container's children); undefined when not known. */
  protected abstract elementsOf(value: Value): Value[] | undefined;
  /** `hasattr(value, name)` where the subclass knows; undefined otherwise. */
  protected abstract hasAttribute(value: Value, name: string): boolean | undefined;
  /** `super().name(args)` in a method of `self`. */
  protected abstract superCall(self: TorchModule, name: string, call: SyntaxNode, args: Args): Value;

  // ---- statements ----

  protected newFrame(scope: Scope, self?: TorchModule): Frame {
    return { scope, done: false, base: this.uncertain, self };
  }

  protected execBody(body: SyntaxNode, frame: Frame): void {
    for (let statement = body.firstChild; statement && !frame.done; statement = statement.nextSibling) this.execStatement(statement, frame);
  }

  /** Runs `run` where it may or may not happen: scalars it binds are not known afterwards. */
  private maybe<T>(run: () => T): T {
    this.uncertain++;
    try {
      return run();
    } finally {
      this.uncertain--;
    }
  }

  private execStatement(statement: SyntaxNode, frame: Frame): void {
    this.steps++;
    const scope = frame.scope;
    switch (statement.name) {
      case 'AssignStatement':
        this.execAssign(statement, frame);
        return;
      case 'UpdateStatement':
        this.execUpdate(statement, scope);
        return;
      case 'ReturnStatement': {
        const values = expressionsAfter(statement.firstChild);
        const value = values.length === 0 ? UNKNOWN : values.length === 1 ? this.evaluate(values[0], scope) : { k: 'seq' as const, items: values.map((node) => this.evaluate(node, scope)), tuple: true };
        // A `return` that may not run gives way to a later one.
        if (this.uncertain === frame.base || !frame.returned) frame.returned = value;
        if (this.uncertain === frame.base) frame.done = true;
        return;
      }
      case 'ForStatement':
        this.execFor(statement, frame);
        return;
      case 'WhileStatement': {
        const body = childNamed(statement, 'Body');
        if (body) this.repeatUnknown(() => this.execBody(body, frame));
        return;
      }
      case 'IfStatement':
        this.execIf(statement, frame);
        return;
      case 'WithStatement':
        for (let child = statement.firstChild; child && !frame.done; child = child.nextSibling) {
          if (child.name === 'Body') this.execBody(child, frame);
          else if (child.name === 'VariableName' && child.prevSibling?.name === 'as') scope.bind(textOf(this.source, child), UNKNOWN, false);
          else if (child.firstChild) this.evaluate(child, scope);
        }
        return;
      case 'TryStatement':
        // The `try` body and its `else`/`finally`; handlers run only on an exception.
        for (let child = statement.firstChild; child && !frame.done; child = child.nextSibling) {
          if (child.name !== 'Body') continue;
          const keyword = previousKeyword(child);
          if (keyword === 'except') this.maybe(() => this.execBody(child, frame));
          else this.execBody(child, frame);
        }
        return;
      case 'FunctionDefinition': {
        const name = childNamed(statement, 'VariableName');
        if (name) scope.bind(textOf(this.source, name), { k: 'function', def: statement, scope }, this.uncertain === 0);
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
      case 'DeleteStatement':
      case 'AssertStatement':
      case 'Comment':
        return;
      default:
        for (let child = statement.firstChild; child; child = child.nextSibling) if (!child.type.isError || child.firstChild) this.evaluate(child, scope);
    }
  }

  private execAssign(statement: SyntaxNode, frame: Frame): void {
    // Groups separated by `=`: the last is the value, each other a target (`a = b = v`, `a, b = v`).
    const groups: SyntaxNode[][] = [[]];
    for (let child = statement.firstChild; child; child = child.nextSibling) {
      if (child.name === 'AssignOp') groups.push([]);
      else if (child.name !== ',' && child.name !== 'TypeDef' && child.name !== 'Comment') groups[groups.length - 1].push(child);
    }
    const valueNodes = groups.pop() ?? [];
    if (valueNodes.length === 0) return;
    const value = valueNodes.length === 1 ? this.evaluate(valueNodes[0], frame.scope) : { k: 'seq' as const, items: valueNodes.map((node) => this.evaluate(node, frame.scope)), tuple: true };
    // A half-typed assignment (`x = `) binds nothing yet: the model around the line being typed stays whole.
    if (this.erroneousAssignments.has(statement.from)) return;
    for (const targets of groups) {
      if (targets.length === 1) this.assign(targets[0], value, frame.scope, statement);
      else this.unpack(targets, value, frame.scope, statement);
    }
  }

  private unpack(targets: SyntaxNode[], value: Value, scope: Scope, statement: SyntaxNode): void {
    const items = value.k === 'seq' && !value.open && value.items.length === targets.length ? value.items : undefined;
    targets.forEach((target, i) => this.assign(target, items ? items[i] : UNKNOWN, scope, statement));
  }

  protected assign(target: SyntaxNode, value: Value, scope: Scope, statement: SyntaxNode): void {
    switch (target.name) {
      case 'VariableName':
        scope.bind(textOf(this.source, target), value, this.uncertain === 0);
        return;
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression': {
        const inner = bracketItems(target);
        if (target.name === 'ParenthesizedExpression' && inner.length === 1) this.assign(inner[0], value, scope, statement);
        else this.unpack(inner, value, scope, statement);
        return;
      }
      case 'MemberExpression': {
        const object = target.firstChild ? this.evaluate(target.firstChild, scope) : UNKNOWN;
        if (childNamed(target, '[')) {
          // `layers['fc1'] = nn.Linear(…)` on a dict; `x[i] = v` on a list.
          const indexNode = childNamed(target, '[')?.nextSibling;
          const index = indexNode && indexNode.name !== ']' ? this.evaluate(indexNode, scope) : UNKNOWN;
          if (object.k === 'dict') {
            const at = object.keys.findIndex((key) => equals(key, index) === true);
            if (at >= 0) object.values[at] = value;
            else if (index.k === 'const') {
              object.keys.push(index);
              object.values.push(value);
            }
          } else if (object.k === 'seq' && !object.tuple) {
            const i = num(index);
            if (i !== undefined && Number.isInteger(i) && object.items[i < 0 ? object.items.length + i : i]) object.items[i < 0 ? object.items.length + i : i] = value;
          }
          return;
        }
        const property = lastChildNamed(target, 'PropertyName');
        if (property) this.assignAttribute(object, textOf(this.source, property), value, statement, target);
        return;
      }
      default:
    }
  }

  private execUpdate(statement: SyntaxNode, scope: Scope): void {
    const target = statement.firstChild;
    const operator = childNamed(statement, 'UpdateOp');
    const valueNode = statement.lastChild;
    if (!target || !operator || !valueNode || valueNode === operator) return;
    const right = this.evaluate(valueNode, scope);
    const left = this.evaluate(target, scope);
    const op = textOf(this.source, operator).slice(0, -1);
    // A list grows in place (`layers += [conv, nn.ReLU()]`); anything else is rebound.
    if (op === '+' && left.k === 'seq' && !left.tuple && right.k === 'seq') {
      left.items.push(...right.items);
      if (right.open) left.open = true;
      return;
    }
    this.assign(target, this.binary(op, left, right, statement), scope, statement);
  }

  private execIf(statement: SyntaxNode, frame: Frame): void {
    // Branches in order: a known-true condition's body runs and ends the chain; a known-false one
    // is skipped; from the first unknown condition on, every candidate body may run.
    let unsure = false;
    for (let child = statement.firstChild; child && !frame.done; child = child.nextSibling) {
      if (child.name !== 'if' && child.name !== 'elif' && child.name !== 'else') continue;
      let body = child.nextSibling;
      let truth: boolean | undefined = true;
      if (child.name !== 'else') {
        const condition = body;
        body = condition?.nextSibling ?? null;
        truth = condition ? truthOf(this.evaluate(condition, frame.scope)) : undefined;
      }
      if (body?.name !== 'Body' || truth === false) continue;
      if (truth === undefined || unsure) {
        unsure = true;
        this.maybe(() => this.execBody(body, frame));
        continue;
      }
      this.execBody(body, frame);
      return;
    }
  }

  private repeatUnknown(run: () => void): void {
    this.unknownLoops++;
    try {
      this.maybe(run);
    } finally {
      this.unknownLoops--;
    }
  }

  private execFor(statement: SyntaxNode, frame: Frame): void {
    const { targets, iterable, body, elseBody } = forStatementParts(statement);
    if (!body || !iterable) return;
    const bindRow = (item: Value): void => {
      if (targets.length === 1) this.assign(targets[0], item, frame.scope, statement);
      else this.unpack(targets, item, frame.scope, statement);
    };
    const iterated = this.evaluate(iterable, frame.scope);
    const items = this.iterate(iterated);
    // A `break` or `continue` makes the number of completed iterations depend on run-time values.
    if (items && !items.open && items.values.length <= MAX_UNROLL && this.steps < STEP_BUDGET && !jumpsOut(body)) {
      for (const item of items.values) {
        bindRow(item);
        this.execBody(body, frame);
        if (frame.done) return;
      }
    } else {
      // Run once for each distinct sample (an open list's items), else once with the target unknown.
      const samples = items && items.values.length > 0 && items.values.length <= MAX_UNROLL ? items.values : [UNKNOWN];
      this.repeatUnknown(() => {
        for (const item of samples) {
          bindRow(item);
          this.execBody(body, frame);
        }
      });
    }
    if (elseBody && !frame.done) this.execBody(elseBody, frame);
  }

  /** The values a loop takes; `open` when they are a sample of an unknown number. */
  protected iterate(value: Value): { values: Value[]; open: boolean } | undefined {
    switch (value.k) {
      case 'seq':
        return { values: value.items, open: value.open === true };
      case 'dict':
        return { values: value.keys, open: false };
      case 'const':
        return typeof value.value === 'string' ? { values: [...value.value].map((char) => constant(char)), open: false } : undefined;
      default: {
        const elements = this.elementsOf(value);
        return elements && { values: elements, open: value.k === 'module' && value.module.open === true };
      }
    }
  }

  private execClass(definition: SyntaxNode, scope: Scope): void {
    const nameNode = childNamed(definition, 'VariableName');
    const name = nameNode ? textOf(this.source, nameNode) : '';
    const argList = childNamed(definition, 'ArgList');
    const bases = argList ? this.readArgs(argList, scope).positional : [];
    const methods = new Map<string, SyntaxNode>();
    const attributes = new Map<string, Value>();
    const userBases = bases.flatMap((base) => (base.k === 'class' ? [base.info] : []));
    // Inherited methods and attributes first: the class's own override them.
    for (const base of [...userBases].reverse()) {
      for (const [method, def] of base.methods) methods.set(method, def);
      for (const [attribute, value] of base.attributes) attributes.set(attribute, value);
    }
    const body = childNamed(definition, 'Body');
    const classScope = new Scope(scope);
    for (let statement = body?.firstChild; statement; statement = statement.nextSibling) {
      const def = statement.name === 'DecoratedStatement' ? childNamed(statement, 'FunctionDefinition') : statement.name === 'FunctionDefinition' ? statement : null;
      const methodName = def && childNamed(def, 'VariableName');
      if (def && methodName) methods.set(textOf(this.source, methodName), def);
      // `expansion = 4`: read through the class and its instances.
      const target = statement.name === 'AssignStatement' ? statement.firstChild : null;
      if (target?.name === 'VariableName' && target.nextSibling?.name === 'AssignOp' && statement.lastChild && statement.lastChild !== target.nextSibling) {
        const value = this.evaluate(statement.lastChild, classScope);
        classScope.bind(textOf(this.source, target), value, true);
        attributes.set(textOf(this.source, target), value);
      }
    }
    const info: ClassInfo = { name, def: definition, scope, methods, attributes, bases: userBases, topInstances: [], placed: false };
    scope.bind(name, { k: 'class', info }, this.uncertain === 0);
    this.declareClass(info, bases);
  }

  // ---- functions ----

  /** Calls a function value: its parameters bound to the arguments, defaults, or unknown. */
  protected invoke(fn: Extract<Value, { k: 'function' }>, args: Args): Value {
    if (this.callStack.includes(fn.def) || this.callStack.length >= MAX_CALL_DEPTH || this.steps >= STEP_BUDGET) return UNKNOWN;
    const paramList = childNamed(fn.def, 'ParamList');
    if (fn.def.name === 'LambdaExpression') {
      // `lambda m: …`: its one expression, its parameters bound positionally.
      const body = fn.def.lastChild;
      if (!body || body.name === ':' || !paramList) return UNKNOWN;
      const scope = new Scope(fn.scope);
      this.parametersOf(paramList).forEach((param, i) => scope.bind(param.name, args.positional[i] ?? args.keywords.get(param.name) ?? UNKNOWN, true));
      this.callStack.push(fn.def);
      try {
        return this.evaluate(body, scope);
      } finally {
        this.callStack.pop();
      }
    }
    const body = childNamed(fn.def, 'Body');
    if (!body || !paramList) return UNKNOWN;
    const params = this.parametersOf(paramList);
    const scope = new Scope(fn.scope);
    const positional = fn.self ? [{ k: 'module' as const, module: fn.self }, ...args.positional] : args.positional;
    // Open arguments (`*args`, `**kwargs`) may pass any parameter: a default is not known to apply.
    const values = parameterValues(params, positional, args.keywords, args.open ? undefined : (node) => this.evaluate(node, fn.scope));
    params.forEach((param, i) => scope.bind(param.name, values[i] ?? UNKNOWN, true));
    this.executed.add(fn.def.from);
    this.callStack.push(fn.def);
    if (fn.self) this.selfStack.push(fn.self);
    // Modules built by a torch class's own methods are parts of a model, not models.
    if (fn.self?.cls) this.inTorchClass++;
    const frame = this.newFrame(scope, fn.self);
    try {
      this.execBody(body, frame);
    } finally {
      this.callStack.pop();
      if (fn.self) this.selfStack.pop();
      if (fn.self?.cls) this.inTorchClass--;
    }
    return frame.returned ?? constant(null);
  }

  /** A function run on its own (nobody calls it): parameters take their defaults or are unknown. */
  protected runStandalone(def: SyntaxNode, scope: Scope): void {
    this.invoke({ k: 'function', def, scope }, { positional: [], positionalNodes: [], keywords: new Map(), keywordNodes: new Map(), open: false });
  }

  private parametersOf(paramList: SyntaxNode): Parameter[] {
    let params = this.paramsByList.get(paramList.from);
    if (!params) {
      params = readParameters(paramList, this.source);
      this.paramsByList.set(paramList.from, params);
    }
    return params;
  }

  // ---- expressions ----

  /** Expressions nested deeper are unknown: generated code (`f(f(f(…)))` thousands deep) would overflow the stack. */
  private static readonly MAX_EXPRESSION_DEPTH = 256;
  private expressionDepth = 0;

  protected evaluate(node: SyntaxNode, scope: Scope): Value {
    if (this.expressionDepth >= TorchInterpreter.MAX_EXPRESSION_DEPTH) return UNKNOWN;
    this.expressionDepth++;
    try {
      return this.evaluateExpression(node, scope);
    } finally {
      this.expressionDepth--;
    }
  }

  private evaluateExpression(node: SyntaxNode, scope: Scope): Value {
    switch (node.name) {
      case 'VariableName':
        return this.lookup(node, scope);
      case 'Number':
      case 'String':
      case 'Boolean':
      case 'None': {
        const literal = literalValue(node, this.source);
        return literal === undefined || Array.isArray(literal) ? UNKNOWN : { k: 'const', value: literal, node };
      }
      case 'ContinuedString': {
        // Adjacent literals concatenate: 'a' 'b'.
        let text = '';
        for (let child = node.firstChild; child; child = child.nextSibling) {
          if (child.name !== 'String') return UNKNOWN;
          text += stringValue(textOf(this.source, child));
        }
        return constant(text);
      }
      case 'FormatString':
        return this.formatString(node, scope);
      case 'MemberExpression':
        return this.member(node, scope);
      case 'CallExpression':
        return this.call(node, scope);
      case 'ParenthesizedExpression': {
        const inner = bracketItems(node);
        return inner.length === 1 ? this.evaluate(inner[0], scope) : UNKNOWN;
      }
      case 'TupleExpression':
      case 'ArrayExpression':
        return this.sequence(node, scope);
      case 'DictionaryExpression':
        return this.dictionary(node, scope);
      case 'ArrayComprehensionExpression':
      case 'ComprehensionExpression':
        return this.comprehension(node, scope);
      case 'BinaryExpression':
        return this.binaryExpression(node, scope);
      case 'UnaryExpression': {
        const operator = node.firstChild;
        const operand = node.lastChild;
        if (!operator || !operand || operand === operator) return UNKNOWN;
        const value = this.evaluate(operand, scope);
        const op = textOf(this.source, operator);
        if (op === 'not') {
          const truth = truthOf(value);
          return truth === undefined ? UNKNOWN : constant(!truth);
        }
        const n = num(value);
        if (n === undefined) return op === '+' ? value : this.arithmetic(op === '-' ? 'neg' : op, value, value, node) ?? UNKNOWN;
        return op === '-' ? constant(-n) : op === '+' ? constant(n) : UNKNOWN;
      }
      case 'ConditionalExpression': {
        // `a if c else b`
        const [whenTrue, condition, whenFalse] = expressionChildren(node);
        if (!whenTrue || !condition || !whenFalse) return UNKNOWN;
        const truth = truthOf(this.evaluate(condition, scope));
        if (truth === true) return this.evaluate(whenTrue, scope);
        if (truth === false) return this.evaluate(whenFalse, scope);
        this.maybe(() => {
          this.evaluate(whenTrue, scope);
          this.evaluate(whenFalse, scope);
        });
        return UNKNOWN;
      }
      case 'LambdaExpression':
        return { k: 'function', def: node, scope };
      default:
        // Anything else (f-strings, sets, slices, walrus, await): calls inside still run.
        for (let child = node.firstChild; child; child = child.nextSibling) if (child.firstChild) this.evaluate(child, scope);
        return UNKNOWN;
    }
  }

  /** An f-string whose replacements are all known scalars (`f'fc{i}'`); a format spec makes it unknown. */
  private formatString(node: SyntaxNode, scope: Scope): Value {
    const text = textOf(this.source, node);
    let at = 0;
    while (at < text.length && /[fFrRbBuU]/.test(text[at])) at++;
    const quote = text.startsWith('"""', at) || text.startsWith("'''", at) ? text.slice(at, at + 3) : text.slice(at, at + 1);
    const literal = (from: number, to: number): string => this.source.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    let result = '';
    let cursor = node.from + at + quote.length;
    let known = true;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name !== 'FormatReplacement') continue;
      result += literal(cursor, child.from);
      cursor = child.to;
      const inner = child.firstChild?.nextSibling;
      const value = inner && inner.name !== '}' ? this.evaluate(inner, scope) : UNKNOWN;
      if (childNamed(child, 'FormatSpec') || value.k !== 'const' || value.value === null || typeof value.value === 'boolean') known = false;
      else result += String(value.value);
    }
    result += literal(cursor, node.to - quote.length);
    return known ? constant(result) : UNKNOWN;
  }

  private lookup(node: SyntaxNode, scope: Scope): Value {
    const name = textOf(this.source, node);
    const binding = scope.lookup(name);
    if (binding) {
      // A scalar bound where it may not have run is not known; objects (lists, modules) are kept.
      if (!binding.certain && binding.value.k === 'const') return UNKNOWN;
      return binding.value;
    }
    const paths = this.names.candidates(node);
    if (paths.length > 0) return { k: 'path', paths };
    // The file is read as the program it is when run: `if __name__ == '__main__':` runs.
    if (name === '__name__') return constant('__main__');
    return BUILTIN_TYPES.has(name) ? { k: 'path', paths: [`builtins.${name}`] } : UNKNOWN;
  }

  private member(node: SyntaxNode, scope: Scope): Value {
    const objectNode = node.firstChild;
    const object = objectNode ? this.evaluate(objectNode, scope) : UNKNOWN;
    if (childNamed(node, '[')) return this.subscriptExpression(object, node, scope);
    const property = lastChildNamed(node, 'PropertyName');
    if (!property) return UNKNOWN;
    return this.attribute(object, textOf(this.source, property), node);
  }

  /** `object[…]`: an index, a key, or a slice `a:b` of a list or container. */
  private subscriptExpression(object: Value, node: SyntaxNode, scope: Scope): Value {
    const inside: SyntaxNode[] = [];
    for (let child = childNamed(node, '[')?.nextSibling ?? null; child && child.name !== ']'; child = child.nextSibling) if (child.name !== 'Comment') inside.push(child);
    if (inside.some((child) => child.name === ',')) {
      // A tuple index (`x[:, -1]`): meaningful on tensors only.
      for (const child of inside) if (child.firstChild) this.evaluate(child, scope);
      return object.k === 'tensor' ? this.subscriptOf(object, UNKNOWN) ?? UNKNOWN : UNKNOWN;
    }
    const colons = inside.filter((child) => child.name === ':').length;
    if (colons === 0) return inside.length === 1 ? this.subscript(object, this.evaluate(inside[0], scope)) : UNKNOWN;
    if (object.k === 'tensor') return this.subscriptOf(object, UNKNOWN) ?? UNKNOWN;
    const colon = inside.findIndex((child) => child.name === ':');
    const before = inside.slice(0, colon);
    const after = inside.slice(colon + 1).filter((child) => child.name !== ':');
    if (colons > 1 || before.length > 1 || after.length > 1) return UNKNOWN;
    const bound = (nodes: SyntaxNode[]): number | null | undefined => (nodes.length === 0 ? null : num(this.evaluate(nodes[0], scope)));
    const start = bound(before);
    const stop = bound(after);
    const items = object.k === 'seq' ? (object.open ? undefined : object.items) : this.elementsOf(object);
    if (!items || start === undefined || stop === undefined) return UNKNOWN;
    return { k: 'seq', items: items.slice(start ?? 0, stop ?? items.length), tuple: false };
  }

  protected attribute(object: Value, name: string, node: SyntaxNode): Value {
    if (object.k === 'path') return { k: 'path', paths: object.paths.map((path) => `${path}.${name}`) };
    if (object.k === 'class') {
      if (name === '__name__') return constant(object.info.name);
      const method = object.info.methods.get(name);
      if (method) return { k: 'function', def: method, scope: object.info.scope };
      return object.info.attributes.get(name) ?? UNKNOWN;
    }
    return this.attributeOf(object, name, node) ?? UNKNOWN;
  }

  protected subscript(object: Value, index: Value): Value {
    if (object.k === 'seq') {
      const i = num(index);
      if (i === undefined || !Number.isInteger(i) || object.open) return UNKNOWN;
      return object.items[i < 0 ? object.items.length + i : i] ?? UNKNOWN;
    }
    if (object.k === 'dict') {
      const at = object.keys.findIndex((key) => equals(key, index) === true);
      return at >= 0 ? object.values[at] : UNKNOWN;
    }
    return this.subscriptOf(object, index) ?? UNKNOWN;
  }

  private sequence(node: SyntaxNode, scope: Scope): Value {
    const items: Value[] = [];
    let open = false;
    for (const child of bracketItems(node)) {
      if (child.type.isError) continue;
      if (child.name === '*') continue;
      const value = this.evaluate(child, scope);
      if (child.prevSibling?.name === '*') {
        // `[*layers, head]`: the list's items spread.
        if (value.k === 'seq') {
          items.push(...value.items);
          open ||= value.open === true;
        } else open = true;
        continue;
      }
      items.push(value);
    }
    return { k: 'seq', items, tuple: node.name === 'TupleExpression', ...(open ? { open } : {}), node };
  }

  private dictionary(node: SyntaxNode, scope: Scope): Value {
    const keys: Value[] = [];
    const values: Value[] = [];
    const parts = bracketItems(node).filter((child) => child.name !== ':');
    for (let i = 0; i + 1 < parts.length; i += 2) {
      keys.push(this.evaluate(parts[i], scope));
      values.push(this.evaluate(parts[i + 1], scope));
    }
    return { k: 'dict', keys, values };
  }

  private comprehension(node: SyntaxNode, scope: Scope): Value {
    const children = expressionChildren(node);
    const element = children[0];
    if (!element) return UNKNOWN;
    // Clauses after the element: `for targets in iterable` and `if condition`, in order.
    const clauses: ({ kind: 'for'; targets: SyntaxNode[]; iterable: SyntaxNode } | { kind: 'if'; condition: SyntaxNode })[] = [];
    for (let child = element.nextSibling; child; child = child.nextSibling) {
      if (child.name === 'for') {
        const targets: SyntaxNode[] = [];
        let cursor = child.nextSibling;
        for (; cursor && cursor.name !== 'in'; cursor = cursor.nextSibling) if (cursor.name !== ',') targets.push(cursor);
        const iterable = cursor?.nextSibling;
        if (!iterable) return UNKNOWN;
        clauses.push({ kind: 'for', targets, iterable });
        child = iterable;
      } else if (child.name === 'if' && child.nextSibling) {
        clauses.push({ kind: 'if', condition: child.nextSibling });
        child = child.nextSibling;
      }
    }
    const inner = new Scope(scope);
    const items: Value[] = [];
    let open = false;
    const run = (at: number): void => {
      if (at === clauses.length) {
        items.push(this.evaluate(element, inner));
        return;
      }
      const clause = clauses[at];
      if (clause.kind === 'if') {
        const truth = truthOf(this.evaluate(clause.condition, inner));
        if (truth === undefined) open = true;
        if (truth !== false) run(at + 1);
        return;
      }
      const iterated = this.iterate(this.evaluate(clause.iterable, inner));
      const values = iterated && iterated.values.length <= MAX_UNROLL ? iterated.values : undefined;
      if (!values || iterated?.open) {
        open = true;
        this.repeatUnknown(() => {
          for (const value of values && values.length > 0 ? values : [UNKNOWN]) {
            this.bindTargets(clause.targets, value, inner);
            run(at + 1);
          }
        });
        return;
      }
      for (const value of values) {
        this.bindTargets(clause.targets, value, inner);
        run(at + 1);
      }
    };
    run(0);
    return { k: 'seq', items, tuple: false, ...(open ? { open } : {}) };
  }

  private bindTargets(targets: SyntaxNode[], value: Value, scope: Scope): void {
    if (targets.length === 1) this.assign(targets[0], value, scope, targets[0]);
    else this.unpack(targets, value, scope, targets[0]);
  }

  private binaryExpression(node: SyntaxNode, scope: Scope): Value {
    const parts: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) parts.push(child);
    const left = parts[0];
    const right = parts[parts.length - 1];
    if (!left || !right || parts.length < 3) return UNKNOWN;
    const op = parts.slice(1, -1).map((part) => textOf(this.source, part)).join(' ');
    const leftValue = this.evaluate(left, scope);
    if (op === 'and' || op === 'or') {
      const truth = truthOf(leftValue);
      if (truth === (op === 'or')) return leftValue;
      const rightValue = this.evaluate(right, scope);
      if (truth === undefined) {
        const rightTruth = truthOf(rightValue);
        // `unknown and False` is falsy, `unknown or True` truthy.
        return rightTruth === (op === 'or') ? constant(rightTruth) : UNKNOWN;
      }
      return rightValue;
    }
    return this.binary(op, leftValue, this.evaluate(right, scope), node);
  }

  /** A binary operator on two values: scalars computed, the rest by the subclass (tensors). */
  protected binary(op: string, left: Value, right: Value, node: SyntaxNode): Value {
    switch (op) {
      case '==':
      case '!=':
      case 'is':
      case 'is not': {
        const same = equals(left, right);
        if (same === undefined) return UNKNOWN;
        return constant(op === '==' || op === 'is' ? same : !same);
      }
      case 'in':
      case 'not in': {
        const found = contains(right, left);
        return found === undefined ? UNKNOWN : constant(op === 'in' ? found : !found);
      }
      case '<':
      case '>':
      case '<=':
      case '>=': {
        const a = num(left);
        const b = num(right);
        if (a === undefined || b === undefined) return UNKNOWN;
        return constant(op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b);
      }
      default:
    }
    const a = num(left);
    const b = num(right);
    if (a !== undefined && b !== undefined) {
      const result = arithmetic(op, a, b);
      return result === undefined ? UNKNOWN : constant(result);
    }
    const sa = str(left);
    const sb = str(right);
    if (op === '+' && sa !== undefined && sb !== undefined) return constant(sa + sb);
    if (op === '%' && sa !== undefined) return percentFormat(sa, right.k === 'seq' && right.tuple ? right.items : [right]);
    if (left.k === 'seq' && right.k === 'seq' && op === '+') return { k: 'seq', items: [...left.items, ...right.items], tuple: left.tuple, ...(left.open || right.open ? { open: true } : {}) };
    if (left.k === 'seq' && op === '*' && b !== undefined && Number.isInteger(b) && b >= 0 && b * left.items.length <= MAX_UNROLL) {
      // `[nn.Linear(8, 8)] * 3` repeats the one module.
      return { k: 'seq', items: Array.from({ length: b }, () => left.items).flat(), tuple: left.tuple, ...(left.open ? { open: true } : {}) };
    }
    return this.arithmetic(op, left, right, node) ?? UNKNOWN;
  }

  // ---- calls ----

  /** Evaluated arguments of an ArgList; `*seq` spreads a known list. */
  protected readArgs(argList: SyntaxNode, scope: Scope): Args {
    const args: Args = { positional: [], positionalNodes: [], keywords: new Map(), keywordNodes: new Map(), open: false };
    // A generator as the only argument: `nn.ModuleList(nn.Linear(8, 8) for _ in range(3))`.
    if (childNamed(argList, 'for')) {
      args.positional.push(this.comprehension(argList, scope));
      args.positionalNodes.push(argList);
      return args;
    }
    let group: SyntaxNode[] = [];
    const close = (): void => {
      const [first, second, third] = group;
      group = [];
      if (!first) return;
      if (first.name === '*' || (first.name === 'ArithOp' && textOf(this.source, first) === '*')) {
        const spread = second ? this.evaluate(second, scope) : UNKNOWN;
        // A list of unknown length passes its sample items, and any number more.
        if (spread.k === 'seq') {
          args.positional.push(...spread.items);
          args.positionalNodes.push(...spread.items.map(() => second!));
        }
        if (spread.k !== 'seq' || spread.open) args.open = true;
        return;
      }
      if (first.name === '**' || first.name === 'ArithOp') {
        const spread = second ? this.evaluate(second, scope) : UNKNOWN;
        if (spread.k === 'dict') {
          spread.keys.forEach((key, i) => {
            const name = str(key);
            if (name !== undefined) {
              args.keywords.set(name, spread.values[i]);
              args.keywordNodes.set(name, second!);
            } else args.open = true;
          });
        } else args.open = true;
        return;
      }
      if (first.name === 'VariableName' && second?.name === 'AssignOp' && third) {
        const name = textOf(this.source, first);
        args.keywords.set(name, this.evaluate(third, scope));
        args.keywordNodes.set(name, third);
        return;
      }
      if (first.type.isError) return;
      // A generator argument (`sum(x for x in y)`) is one expression.
      args.positional.push(this.evaluate(first, scope));
      args.positionalNodes.push(first);
    };
    for (let child = argList.firstChild; child; child = child.nextSibling) {
      const name = child.name;
      if (name === ',') close();
      else if (name === '(' || name === ')' || name === 'Comment') continue;
      else group.push(child);
    }
    close();
    return args;
  }

  private call(call: SyntaxNode, scope: Scope): Value {
    const callee = call.firstChild;
    const argList = lastChildNamed(call, 'ArgList');
    if (!callee || !argList) return UNKNOWN;
    if (callee.name === 'MemberExpression' && !childNamed(callee, '[')) {
      const objectNode = callee.firstChild;
      const property = lastChildNamed(callee, 'PropertyName');
      if (!objectNode || !property) return UNKNOWN;
      const method = textOf(this.source, property);
      // `super().__init__(…)`, `super(Net, self).forward(x)`
      if (objectNode.name === 'CallExpression' && objectNode.firstChild && textOf(this.source, objectNode.firstChild) === 'super' && !scope.lookup('super')) {
        const self = this.currentSelf;
        const args = this.readArgs(argList, scope);
        return self ? this.superCall(self, method, call, args) : UNKNOWN;
      }
      const object = this.evaluate(objectNode, scope);
      if (object.k === 'path') {
        const paths = object.paths.map((path) => `${path}.${method}`);
        const args = this.readArgs(argList, scope);
        return this.callPath(paths, call, callee, args, scope) ?? UNKNOWN;
      }
      const args = this.readArgs(argList, scope);
      const handled = this.callMethod(object, method, call, callee, args, scope) ?? this.builtinMethod(object, method, args);
      if (handled) return handled;
      return this.callee(this.attribute(object, method, callee), call, callee, args, scope);
    }
    if (callee.name === 'VariableName') {
      const name = textOf(this.source, callee);
      if (BUILTINS.has(name) && !scope.lookup(name) && this.names.candidates(callee).length === 0) return this.builtin(name, call, this.readArgs(argList, scope));
    }
    const calleeValue = this.evaluate(callee, scope);
    return this.callee(calleeValue, call, callee, this.readArgs(argList, scope), scope);
  }

  private callee(value: Value, call: SyntaxNode, callee: SyntaxNode, args: Args, scope: Scope): Value {
    switch (value.k) {
      case 'function':
        return this.invoke(value, args);
      case 'class':
        return this.instantiate(value.info, call, args);
      case 'path':
        return this.callPath(value.paths, call, callee, args, scope) ?? UNKNOWN;
      default:
        return this.callValue(value, call, args);
    }
  }

  /** The definition of the innermost function being run. */
  protected get currentDefinition(): SyntaxNode | undefined {
    return this.callStack[this.callStack.length - 1];
  }

  /** The module the innermost running method belongs to. */
  protected get currentSelf(): TorchModule | undefined {
    return this.selfStack[this.selfStack.length - 1];
  }

  protected readonly selfStack: TorchModule[] = [];


  /** Methods of Python's lists and dicts, and of strings as conditions use them. */
  private builtinMethod(object: Value, method: string, args: Args): Value | undefined {
    const [first, second] = args.positional;
    if (object.k === 'seq' && !object.tuple) {
      if (method === 'append' && first) {
        object.items.push(first);
        if (this.unknownLoops > 0) object.open = true;
        return constant(null);
      }
      if (method === 'extend' && first) {
        if (first.k === 'seq') object.items.push(...first.items);
        if (first.k !== 'seq' || first.open || this.unknownLoops > 0) object.open = true;
        return constant(null);
      }
      if (method === 'insert' && first && second) {
        const at = num(first);
        if (at === undefined) object.open = true;
        else object.items.splice(at, 0, second);
        return constant(null);
      }
    }
    if (object.k === 'dict') {
      if (method === 'items') return { k: 'seq', items: object.keys.map((key, i) => ({ k: 'seq', items: [key, object.values[i]], tuple: true })), tuple: false };
      if (method === 'keys') return { k: 'seq', items: [...object.keys], tuple: false };
      if (method === 'values') return { k: 'seq', items: [...object.values], tuple: false };
    }
    const text = str(object);
    if (text !== undefined) {
      const arg = first ? str(first) : undefined;
      switch (method) {
        case 'find':
          return arg === undefined ? UNKNOWN : constant(text.indexOf(arg));
        case 'startswith':
          return arg === undefined ? UNKNOWN : constant(text.startsWith(arg));
        case 'endswith':
          return arg === undefined ? UNKNOWN : constant(text.endsWith(arg));
        case 'lower':
          return constant(text.toLowerCase());
        case 'upper':
          return constant(text.toUpperCase());
        case 'split':
          return { k: 'seq', items: (arg === undefined ? text.trim().split(/\s+/) : text.split(arg)).map((part) => constant(part)), tuple: false };
        default:
          return UNKNOWN;
      }
    }
    return undefined;
  }

  private builtin(name: string, call: SyntaxNode, args: Args): Value {
    const [first, second] = args.positional;
    const items = (value: Value | undefined) => (value ? this.iterate(value) : undefined);
    switch (name) {
      case 'range': {
        const values = args.open ? undefined : rangeValues(args.positional.map(num), MAX_UNROLL);
        return values ? { k: 'seq', items: values.map((i) => constant(i)), tuple: false } : { k: 'seq', items: [], tuple: false, open: true };
      }
      case 'enumerate': {
        const iterated = items(first);
        const start = num(args.keywords.get('start') ?? second ?? constant(0)) ?? 0;
        if (!iterated) return { k: 'seq', items: [], tuple: false, open: true };
        return { k: 'seq', items: iterated.values.map((item, i) => ({ k: 'seq', items: [iterated.open ? UNKNOWN : constant(start + i), item], tuple: true })), tuple: false, ...(iterated.open ? { open: true } : {}) };
      }
      case 'zip': {
        const lists = args.positional.map(items);
        if (lists.length === 0 || lists.some((list) => !list || list.open)) return { k: 'seq', items: [], tuple: false, open: true };
        const length = Math.min(...lists.map((list) => list!.values.length));
        return { k: 'seq', items: Array.from({ length }, (_, i) => ({ k: 'seq', items: lists.map((list) => list!.values[i]), tuple: true })), tuple: false };
      }
      case 'list':
      case 'tuple':
      case 'reversed': {
        if (!first) return { k: 'seq', items: [], tuple: name === 'tuple' };
        const iterated = items(first);
        if (!iterated) return { k: 'seq', items: [], tuple: name === 'tuple', open: true };
        const values = name === 'reversed' ? [...iterated.values].reverse() : [...iterated.values];
        return { k: 'seq', items: values, tuple: name === 'tuple', ...(iterated.open ? { open: true } : {}) };
      }
      case 'len': {
        const iterated = items(first);
        return iterated && !iterated.open ? constant(iterated.values.length) : UNKNOWN;
      }
      case 'isinstance': {
        if (!first || !second) return UNKNOWN;
        const classes = second.k === 'seq' ? second.items : [second];
        let result: boolean | undefined = false;
        for (const cls of classes) {
          const match = this.isInstance(first, cls);
          if (match === true) return constant(true);
          if (match === undefined) result = undefined;
        }
        return result === undefined ? UNKNOWN : constant(result);
      }
      case 'type':
        return first && args.positional.length === 1 ? this.typeOf(first) : UNKNOWN;
      case 'hasattr': {
        const attribute = second ? str(second) : undefined;
        if (!first || attribute === undefined) return UNKNOWN;
        const has = this.hasAttribute(first, attribute);
        if (has !== undefined) return constant(has);
        return this.attribute(first, attribute, call).k === 'unknown' ? UNKNOWN : constant(true);
      }
      case 'getattr': {
        const attribute = second ? str(second) : undefined;
        if (!first || attribute === undefined) return UNKNOWN;
        const value = this.attribute(first, attribute, call);
        return value.k === 'unknown' && args.positional[2] ? args.positional[2] : value;
      }
      case 'int':
      case 'float': {
        const n = first ? num(first) : 0;
        if (n === undefined) return UNKNOWN;
        return constant(name === 'int' ? Math.trunc(n) : n);
      }
      case 'bool': {
        const truth = first ? truthOf(first) : false;
        return truth === undefined ? UNKNOWN : constant(truth);
      }
      case 'str':
        return first && isConst(first) && first.value !== null ? constant(String(first.value)) : UNKNOWN;
      case 'abs': {
        const n = first ? num(first) : undefined;
        return n === undefined ? UNKNOWN : constant(Math.abs(n));
      }
      case 'round': {
        const n = first ? num(first) : undefined;
        return n === undefined || args.positional.length > 1 ? UNKNOWN : constant(Math.round(n));
      }
      case 'min':
      case 'max': {
        const values = (args.positional.length === 1 ? items(first)?.values ?? [] : args.positional).map(num);
        if (values.length === 0 || values.some((value) => value === undefined)) return UNKNOWN;
        return constant(name === 'min' ? Math.min(...(values as number[])) : Math.max(...(values as number[])));
      }
      case 'sum': {
        const iterated = items(first);
        const values = iterated && !iterated.open ? iterated.values.map(num) : undefined;
        return values && values.every((value) => value !== undefined) ? constant((values as number[]).reduce((a, b) => a + b, 0)) : UNKNOWN;
      }
      case 'dict':
        return { k: 'dict', keys: [...args.keywords.keys()].map((key) => constant(key)), values: [...args.keywords.values()] };
      case 'setattr': {
        const attribute = second ? str(second) : undefined;
        if (first && attribute !== undefined && args.positional[2]) this.assignAttribute(first, attribute, args.positional[2], call, call);
        return constant(null);
      }
      default:
        return UNKNOWN;
    }
  }
}

/** `'fc%d' % i`: %d, %i and %s with known scalars; anything else unknown. */
function percentFormat(format: string, values: Value[]): Value {
  let next = 0;
  let failed = false;
  const result = format.replace(/%([%dis])/g, (match, kind: string) => {
    if (kind === '%') return '%';
    const value = values[next++];
    if (value?.k !== 'const' || value.value === null || typeof value.value === 'boolean') {
      failed = true;
      return match;
    }
    if (kind === 's') return String(value.value);
    if (typeof value.value !== 'number') failed = true;
    return String(Math.trunc(Number(value.value)));
  });
  return failed || next !== values.length || /%[^%dis]/.test(format) ? UNKNOWN : constant(result);
}

/** Python truthiness of a value, when known. */
export function truthOf(value: Value): boolean | undefined {
  switch (value.k) {
    case 'const':
      return value.value !== null && value.value !== 0 && value.value !== '' && value.value !== false;
    case 'seq':
      return value.open ? undefined : value.items.length > 0;
    case 'dict':
      return value.keys.length > 0;
    case 'module':
    case 'param':
    case 'function':
    case 'class':
    case 'torchClass':
      return true;
    default:
      return undefined;
  }
}

/** `a == b` / `a is b` where it can be decided. */
function equals(a: Value, b: Value): boolean | undefined {
  if (a.k === 'const' && b.k === 'const') return a.value === b.value;
  if (a.k === 'const' && a.value === null) return b.k === 'unknown' || b.k === 'tensor' ? undefined : false;
  if (b.k === 'const' && b.value === null) return a.k === 'unknown' || a.k === 'tensor' ? undefined : false;
  if (a.k === 'module' && b.k === 'module') return a.module === b.module;
  if (a.k === 'class' && b.k === 'class') return a.info === b.info;
  const torchName = (value: Value): string | undefined => (value.k === 'torchClass' ? value.name : value.k === 'path' ? torchClassName(value.paths) : undefined);
  const ta = torchName(a);
  const tb = torchName(b);
  if (ta !== undefined && tb !== undefined) return ta === tb;
  if ((a.k === 'torchClass' && b.k === 'class') || (a.k === 'class' && b.k === 'torchClass')) return false;
  return undefined;
}

/** The torch.nn class a path names (`torch.nn.Linear`, `torch.nn.modules.linear.Linear`). */
export function torchClassName(paths: readonly string[]): string | undefined {
  for (const path of paths) if (path.startsWith('torch.nn.') && !path.startsWith('torch.nn.init.') && !path.startsWith('torch.nn.functional.')) return path.slice(path.lastIndexOf('.') + 1);
  return undefined;
}

/** `needle in haystack` where it can be decided. */
function contains(haystack: Value, needle: Value): boolean | undefined {
  if (haystack.k === 'const' && typeof haystack.value === 'string') {
    return needle.k === 'const' && typeof needle.value === 'string' ? haystack.value.includes(needle.value) : undefined;
  }
  const items = haystack.k === 'seq' ? (haystack.open ? undefined : haystack.items) : haystack.k === 'dict' ? haystack.keys : undefined;
  if (!items) return undefined;
  let result: boolean | undefined = false;
  for (const item of items) {
    const same = equals(item, needle);
    if (same === true) return true;
    if (same === undefined) result = undefined;
  }
  return result;
}

function arithmetic(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '//':
      return b === 0 ? undefined : Math.floor(a / b);
    case '%':
      return b === 0 ? undefined : a - b * Math.floor(a / b);
    case '**':
      return a ** b;
    default:
      return undefined;
  }
}

/** The children of a bracketed expression but brackets and commas. */
export function bracketItems(node: SyntaxNode): SyntaxNode[] {
  const items: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    const name = child.name;
    if (name !== '(' && name !== ')' && name !== '[' && name !== ']' && name !== '{' && name !== '}' && name !== ',' && name !== 'Comment') items.push(child);
  }
  return items;
}

/** Children that are expressions (not keywords, punctuation or comments). */
function expressionChildren(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.firstChild || /^[A-Z]/.test(child.name)) {
      if (child.name !== 'Comment' && child.name !== 'AssignOp') found.push(child);
    }
  }
  return found;
}

/** The expressions after a keyword node (`return a, b`), commas dropped. */
function expressionsAfter(keyword: SyntaxNode | null): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = keyword?.nextSibling ?? null; child; child = child.nextSibling) if (child.name !== ',' && child.name !== 'Comment') found.push(child);
  return found;
}

function previousKeyword(body: SyntaxNode): string | undefined {
  for (let node = body.prevSibling; node; node = node.prevSibling) {
    if (node.name === 'try' || node.name === 'except' || node.name === 'else' || node.name === 'finally') return node.name;
  }
  return undefined;
}
