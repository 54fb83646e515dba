// Small readers over Lezer's Python tree: imports, dotted names, arguments and parameters,
// literals, loops.

import type { NodeType, SyntaxNode } from '@lezer/common';
import { childNamed, childrenOf, textOf } from '../../parse';
import type { ImportBinding } from '../../ir';

/** Bindings made by one `import …` or `from … import …` statement. `*` binds a star import. */
export function readImport(statement: SyntaxNode, source: string): ImportBinding[] {
  const tokens = childrenOf(statement).filter((node) => node.name !== '(' && node.name !== ')');
  if (tokens[0]?.name === 'from') {
    const importAt = tokens.findIndex((node) => node.name === 'import');
    const moduleTokens = tokens.slice(1, importAt);
    if (moduleTokens.length === 0 || moduleTokens[0].name === '.') return []; // relative import: not a framework
    const module = moduleTokens.map((node) => textOf(source, node)).join('');
    const names = tokens.slice(importAt + 1);
    const bindings: ImportBinding[] = [];
    for (const group of splitOnCommas(names)) {
      if (group[0]?.name === '*') {
        bindings.push({ local: '*', path: module });
        continue;
      }
      const name = textOf(source, group[0]);
      const local = group[1]?.name === 'as' && group[2] ? textOf(source, group[2]) : name;
      bindings.push({ local, path: `${module}.${name}` });
    }
    const last = names.filter((node) => node.name === 'VariableName').at(-1);
    if (last) for (const binding of bindings) binding.appendAt = last.to;
    return bindings;
  }
  const bindings: ImportBinding[] = [];
  for (const group of splitOnCommas(tokens.slice(1))) {
    const asAt = group.findIndex((node) => node.name === 'as');
    const dotted = (asAt < 0 ? group : group.slice(0, asAt)).map((node) => textOf(source, node)).join('');
    if (asAt >= 0 && group[asAt + 1]) bindings.push({ local: textOf(source, group[asAt + 1]), path: dotted });
    else bindings.push({ local: dotted.split('.')[0], path: dotted.split('.')[0] });
  }
  return bindings;
}

function splitOnCommas(nodes: SyntaxNode[]): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [[]];
  for (const node of nodes) {
    if (node.name === ',') groups.push([]);
    else groups[groups.length - 1].push(node);
  }
  return groups.filter((group) => group.length > 0);
}

/** Resolves names through the file's imports: the dotted paths an expression may stand for. */
export class NameResolver {
  private readonly byLocal = new Map<string, string>();
  private readonly starModules: string[] = [];
  /** namePaths' and attributePaths' answers, made when first asked. */
  private pathsByName?: Map<string, readonly string[]>;
  private pathsByAttribute?: WeakMap<readonly string[], Map<string, readonly string[]>>;

  constructor(
    imports: readonly ImportBinding[],
    private readonly source: string,
  ) {
    for (const binding of imports) {
      if (binding.local === '*') this.starModules.push(binding.path);
      else this.byLocal.set(binding.local, binding.path);
    }
  }

  /** Candidate dotted paths of a name or attribute chain (several only through star imports). */
  candidates(node: SyntaxNode): string[] {
    if (node.name === 'VariableName') {
      const name = textOf(this.source, node);
      const bound = this.byLocal.get(name);
      if (bound) return [bound];
      return this.starModules.map((module) => `${module}.${name}`);
    }
    if (node.name === 'MemberExpression') {
      const object = node.firstChild;
      const property = lastChildNamed(node, 'PropertyName');
      if (!object || !property) return [];
      const name = textOf(this.source, property);
      return this.candidates(object).map((path) => `${path}.${name}`);
    }
    return [];
  }

  /**
   * `candidates` of a VariableName with this text, once per name: every extractor of the module
   * (one per statement group) resolves the same few names. The arrays are shared: read them only.
   */
  namePaths(name: string): readonly string[] {
    this.pathsByName ??= new Map();
    let paths = this.pathsByName.get(name);
    if (!paths) {
      const bound = this.byLocal.get(name);
      paths = bound ? [bound] : this.starModules.map((module) => `${module}.${name}`);
      this.pathsByName.set(name, paths);
    }
    return paths;
  }

  /** `paths` each followed by `.name`, once per paths array and name (shared arrays, as namePaths'). */
  attributePaths(paths: readonly string[], name: string): readonly string[] {
    this.pathsByAttribute ??= new WeakMap();
    let byName = this.pathsByAttribute.get(paths);
    if (!byName) this.pathsByAttribute.set(paths, (byName = new Map()));
    let joined = byName.get(name);
    if (!joined) byName.set(name, (joined = paths.map((path) => `${path}.${name}`)));
    return joined;
  }
}

export interface Argument {
  /** Keyword name, or undefined for a positional argument. */
  keyword?: string;
  value: SyntaxNode;
}

/** Positional and keyword arguments of an ArgList; `*args`/`**kwargs` make the list open-ended. */
export function readArguments(argList: SyntaxNode, source: string): { args: Argument[]; hasStar: boolean } {
  const args: Argument[] = [];
  let hasStar = false;
  // One pass over the children with a cursor, each comma closing a group (an argument); only a
  // group's first three nodes decide what it is, and only the ones kept become node objects.
  // Comments between arguments are nodes too; they are not arguments.
  const cursor = argList.cursor();
  let more = cursor.firstChild();
  let count = 0;
  let firstType: NodeType | undefined;
  let first: SyntaxNode | undefined;
  let secondName = '';
  let third: SyntaxNode | undefined;
  for (;;) {
    const name = more ? cursor.name : ',';
    if (name !== ',') {
      if (name !== '(' && name !== ')' && name !== 'Comment') {
        if (count === 0) {
          firstType = cursor.type;
          first = cursor.node;
        } else if (count === 1) secondName = name;
        else if (count === 2) third = cursor.node;
        count++;
      }
      more = cursor.nextSibling();
      continue;
    }
    // A comma, or the end: the group closes.
    if (first && firstType) {
      const kind = firstType.name;
      if (kind === '*' || kind === '**' || kind === 'ArithOp') hasStar = true;
      else if (third && kind === 'VariableName' && secondName === 'AssignOp') args.push({ keyword: textOf(source, first), value: third });
      else if (!firstType.isError) args.push({ value: first });
    }
    if (!more) return { args, hasStar };
    count = 0;
    firstType = first = third = undefined;
    secondName = '';
    more = cursor.nextSibling();
  }
}

/** Maps arguments onto parameter names (positional in declared order). */
export function bindArguments(args: readonly Argument[], params: readonly string[]): Map<string, SyntaxNode> {
  const bound = new Map<string, SyntaxNode>();
  let position = 0;
  for (const arg of args) {
    if (arg.keyword !== undefined) bound.set(arg.keyword, arg.value);
    else if (position < params.length) bound.set(params[position++], arg.value);
  }
  return bound;
}

export interface Parameter {
  name: string;
  /** `plain` parameters take positional arguments; `keyword` ones follow a `*`; `variadic` are `*args`/`**kwargs`. */
  kind: 'plain' | 'keyword' | 'variadic';
  default?: SyntaxNode;
}

/** The parameters a ParamList declares, in order. */
export function readParameters(paramList: SyntaxNode, source: string): Parameter[] {
  const params: Parameter[] = [];
  let afterStar = false;
  let star: string | undefined;
  for (let child = paramList.firstChild; child; child = child.nextSibling) {
    if (child.name === '*' || child.name === '**') {
      star = child.name;
      afterStar = true;
    } else if (child.name === ',') {
      star = undefined;
    } else if (child.name === 'VariableName') {
      params.push({ name: textOf(source, child), kind: star ? 'variadic' : afterStar ? 'keyword' : 'plain' });
    } else if (child.name === 'AssignOp' && child.nextSibling && params.length > 0) {
      params[params.length - 1].default = child.nextSibling;
      child = child.nextSibling;
    }
  }
  return params;
}

/**
 * The child named `name` of a node that has one at most, and has it last unless the parser
 * recovered from an error after it: a call's ArgList, an attribute's PropertyName.
 */
export function lastChildNamed(node: SyntaxNode, name: string): SyntaxNode | null {
  const last = node.lastChild;
  return last?.name === name ? last : childNamed(node, name);
}

/** How a reader moves over a node's children: Lezer's navigation, or a copy of it that keeps its answers (the interpreter's). */
export interface ChildWalk {
  firstChild(node: SyntaxNode): SyntaxNode | null;
  nextSibling(node: SyntaxNode): SyntaxNode | null;
}

export const LEZER_WALK: ChildWalk = { firstChild: (node) => node.firstChild, nextSibling: (node) => node.nextSibling };

/** The elements of a bracketed expression (list, tuple, parentheses): its children but brackets and commas. */
export function itemsOfBrackets(node: SyntaxNode): SyntaxNode[] {
  const items: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    const name = child.name;
    if (name !== '(' && name !== ')' && name !== '[' && name !== ']' && name !== ',') items.push(child);
  }
  return items;
}

export type Literal = number | string | boolean | null | number[];

/** The value of a literal expression; `undefined` when it is not a literal. */
export function literalValue(node: SyntaxNode, source: string): Literal | undefined {
  switch (node.name) {
    case 'Number': {
      const text = textOf(source, node);
      const value = Number(text.includes('_') ? text.replace(/_/g, '') : text);
      return Number.isFinite(value) ? value : undefined;
    }
    case 'String':
      return stringValue(textOf(source, node));
    case 'Boolean':
      return textOf(source, node) === 'True';
    case 'None':
      return null;
    case 'UnaryExpression': {
      const operand = node.lastChild;
      const value = operand && operand !== node.firstChild ? literalValue(operand, source) : undefined;
      const sign = node.firstChild ? textOf(source, node.firstChild) : '';
      if (typeof value !== 'number') return undefined;
      return sign === '-' ? -value : sign === '+' ? value : undefined;
    }
    case 'ParenthesizedExpression':
    case 'TupleExpression':
    case 'ArrayExpression': {
      const items = itemsOfBrackets(node);
      if (node.name === 'ParenthesizedExpression' && items.length === 1) return literalValue(items[0], source);
      const values = items.map((item) => literalValue(item, source));
      return values.every((value): value is number => typeof value === 'number') ? values : undefined;
    }
    default:
      return undefined;
  }
}

/** The content of a Python string literal, without prefix and quotes. */
export function stringValue(literal: string): string {
  const start = prefixLength(literal);
  const triple = literal.startsWith('"""', start) || literal.startsWith("'''", start);
  // As slicing the body: a quote longer than what is left leaves nothing.
  const quote = triple ? 3 : Math.min(1, literal.length - start);
  return literal.slice(start + quote, Math.max(start + quote, literal.length - quote));
}

/** The quote a string literal opens with (`'`, `"`), for text written back in the same style. */
export function quoteOf(literal: string): string {
  return literal.charCodeAt(prefixLength(literal)) === 34 ? '"' : "'";
}

/** How many string prefix letters (`r`, `b`, `u`, either case) a literal starts with. */
function prefixLength(literal: string): number {
  let at = 0;
  while (at < literal.length && 'rRbBuU'.includes(literal[at])) at++;
  return at;
}

/** Statements whose `break` and `continue` are their own, not an enclosing loop's. */
const JUMP_BOUNDARIES: ReadonlySet<string> = new Set(['ForStatement', 'WhileStatement', 'FunctionDefinition', 'ClassDefinition']);

/** A `break` or `continue` belonging to this loop body (not to a nested loop or function). */
export function jumpsOut(body: SyntaxNode): boolean {
  let found = false;
  body.cursor().iterate((node) => {
    if (found) return false;
    if (node.from !== body.from && JUMP_BOUNDARIES.has(node.name)) return false;
    if (node.name === 'BreakStatement' || node.name === 'ContinueStatement') found = true;
    return undefined;
  });
  return found;
}

/** `for targets in iterable: body else: elseBody`, read into its parts (null where one is missing). */
export function forStatementParts(
  statement: SyntaxNode,
  walk: ChildWalk = LEZER_WALK,
): { targets: SyntaxNode[]; iterable: SyntaxNode | null; body: SyntaxNode | null; elseBody: SyntaxNode | null } {
  // One pass over the children: the targets after `for` up to the first `in`, the node after
  // that `in`, the first Body and the Body after it.
  const targets: SyntaxNode[] = [];
  let iterable: SyntaxNode | null = null;
  let body: SyntaxNode | null = null;
  let elseBody: SyntaxNode | null = null;
  let inTargets = false;
  let afterIn = false;
  let seenIn = false;
  let first = true;
  for (let child = walk.firstChild(statement); child; child = walk.nextSibling(child)) {
    const name = child.name;
    if (afterIn) {
      iterable = child;
      afterIn = false;
    }
    if (inTargets) {
      if (name === 'in') inTargets = false;
      else if (name !== ',') targets.push(child);
    } else if (first) {
      inTargets = true;
    }
    first = false;
    if (name === 'in' && !seenIn) seenIn = afterIn = true;
    if (name === 'Body') {
      if (!body) body = child;
      else if (!elseBody) elseBody = child;
    }
  }
  return { targets, iterable, body, elseBody };
}

/**
 * `classify` remembered per node type: a walk looks its answer up by the type's id, one array
 * read per node, instead of comparing the node's name with every case. The type is kept beside
 * the answer, so a tree of another parser (whose ids mean other types) is classified afresh.
 */
export function byNodeType(classify: (type: NodeType) => number): (type: NodeType) => number {
  const types: NodeType[] = [];
  const answers: number[] = [];
  return (type) => {
    const id = type.id;
    if (types[id] === type) return answers[id];
    const answer = classify(type);
    types[id] = type;
    answers[id] = answer;
    return answer;
  };
}
