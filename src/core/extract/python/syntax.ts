// Small readers over Lezer's Python tree: imports, dotted names, arguments and parameters,
// literals, loops.

import type { SyntaxNode } from '@lezer/common';
import { childNamed, childrenOf, textOf } from '../../parse';
import type { ImportBinding } from '../../ir';
import { forTargets } from './bindings';

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
  // One pass over the children, each comma closing a group (an argument); only a group's first
  // three nodes decide what it is. Comments between arguments are nodes too; they are not arguments.
  let first: SyntaxNode | null = null;
  let second: SyntaxNode | null = null;
  let third: SyntaxNode | null = null;
  const closeGroup = (): void => {
    if (first) {
      if (first.name === '*' || first.name === '**' || first.name === 'ArithOp') hasStar = true;
      else if (third && first.name === 'VariableName' && second?.name === 'AssignOp') args.push({ keyword: textOf(source, first), value: third });
      else if (!first.type.isError) args.push({ value: first });
    }
    first = second = third = null;
  };
  for (let child = argList.firstChild; child; child = child.nextSibling) {
    const name = child.name;
    if (name === ',') closeGroup();
    else if (name === '(' || name === ')' || name === 'Comment') continue;
    else if (!first) first = child;
    else if (!second) second = child;
    else if (!third) third = child;
  }
  closeGroup();
  return { args, hasStar };
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
      const value = Number(textOf(source, node).replace(/_/g, ''));
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
  const body = literal.replace(/^[rRbBuU]*/, '');
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  return body.slice(quote.length, body.length - quote.length);
}

/** The quote a string literal opens with (`'`, `"`), for text written back in the same style. */
export function quoteOf(literal: string): string {
  const body = literal.replace(/^[rRbBuU]*/, '');
  return body.startsWith('"') ? '"' : "'";
}

/** A `break` or `continue` belonging to this loop body (not to a nested loop or function). */
export function jumpsOut(body: SyntaxNode): boolean {
  let found = false;
  body.cursor().iterate((node) => {
    if (found) return false;
    if (node.from !== body.from && ['ForStatement', 'WhileStatement', 'FunctionDefinition', 'ClassDefinition'].includes(node.name)) return false;
    if (node.name === 'BreakStatement' || node.name === 'ContinueStatement') found = true;
    return undefined;
  });
  return found;
}

/** `for targets in iterable: body else: elseBody`, read into its parts (null where one is missing). */
export function forStatementParts(statement: SyntaxNode): { targets: SyntaxNode[]; iterable: SyntaxNode | null; body: SyntaxNode | null; elseBody: SyntaxNode | null } {
  const body = childNamed(statement, 'Body');
  let elseBody = body?.nextSibling ?? null;
  while (elseBody && elseBody.name !== 'Body') elseBody = elseBody.nextSibling;
  return { targets: forTargets(statement), iterable: childNamed(statement, 'in')?.nextSibling ?? null, body, elseBody };
}
