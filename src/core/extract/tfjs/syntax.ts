// Small readers over Lezer's JavaScript/TypeScript tree: TF.js imports, names, object
// literals and literal values.

import type { SyntaxNode } from '@lezer/common';
import { childNamed, textOf } from '../../parse';
import type { ImportBinding } from '../../ir';

/** Packages that export the TF.js Layers API under the same names (`layers`, `initializers`, `sequential`, …). */
const TFJS_MODULES = new Set(['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-layers']);

/** Every TF.js binding's path starts with this root: `tf.layers.dense` resolves to `tfjs.layers.dense`. */
export const TFJS_ROOT = 'tfjs';

/** The content of a JS string literal, or undefined for a non-string node. */
export function stringContent(node: SyntaxNode, source: string): string | undefined {
  const text = textOf(source, node);
  if (node.name === 'String') return unescape(text.slice(1, -1));
  // A template without substitutions is a plain string.
  if (node.name === 'TemplateString' && !node.getChild('Interpolation')) return unescape(text.slice(1, -1));
  return undefined;
}

/** Undoes the escapes a name or identifier might contain (`\'`, `\\`); others are kept as written. */
function unescape(body: string): string {
  let result = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && i + 1 < body.length) i++;
    result += body[i];
  }
  return result;
}

function moduleOf(node: SyntaxNode | null, source: string): string | undefined {
  const name = node ? stringContent(node, source) : undefined;
  return name !== undefined && TFJS_MODULES.has(name) ? name : undefined;
}

/** Bindings made by `import * as tf from '@tensorflow/tfjs'` or `import {layers as L} from …`. */
export function readImportDeclaration(declaration: SyntaxNode, source: string): ImportBinding[] {
  if (!moduleOf(declaration.getChild('String'), source)) return [];
  const bindings: ImportBinding[] = [];
  for (let child = declaration.firstChild; child; child = child.nextSibling) {
    if (child.name === 'Star') {
      // `* as tf`: the next VariableDefinition is the namespace.
      const local = nextOfName(child, 'VariableDefinition');
      if (local) bindings.push({ local: textOf(source, local), path: TFJS_ROOT });
    } else if (child.name === 'ImportGroup') {
      bindings.push(...readImportGroup(child, source));
    }
  }
  return bindings;
}

function nextOfName(node: SyntaxNode, name: string): SyntaxNode | null {
  for (let next = node.nextSibling; next; next = next.nextSibling) if (next.name === name) return next;
  return null;
}

/** `{layers, sequential as seq}`: an exported name, optionally `as` a local one. */
function readImportGroup(group: SyntaxNode, source: string): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  let imported: string | undefined;
  for (let child = group.firstChild; child; child = child.nextSibling) {
    if (child.name === 'VariableName') imported = textOf(source, child);
    else if (child.name === 'VariableDefinition') {
      const local = textOf(source, child);
      bindings.push({ local, path: `${TFJS_ROOT}.${imported ?? local}` });
      imported = undefined;
    } else if (child.name === ',') imported = undefined;
  }
  return bindings;
}

/** `const tf = require('@tensorflow/tfjs')` and `const {layers, sequential: seq} = require(…)`. */
export function readRequireDeclaration(declaration: SyntaxNode, source: string): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  for (let child = declaration.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'Equals') continue;
    const target = child.prevSibling?.name === 'TypeAnnotation' ? child.prevSibling.prevSibling : child.prevSibling;
    const value = child.nextSibling;
    if (!target || !value || !isTfjsRequire(value, source)) continue;
    if (target.name === 'VariableDefinition') bindings.push({ local: textOf(source, target), path: TFJS_ROOT });
    else if (target.name === 'ObjectPattern') bindings.push(...readObjectPattern(target, source));
  }
  return bindings;
}

function isTfjsRequire(node: SyntaxNode, source: string): boolean {
  const call = unwrap(node);
  if (call.name !== 'CallExpression') return false;
  const callee = call.firstChild;
  if (callee?.name !== 'VariableName' || textOf(source, callee) !== 'require') return false;
  const args = childNamed(call, 'ArgList');
  const first = args?.firstChild?.nextSibling ?? null;
  return moduleOf(first, source) !== undefined;
}

/** `{layers, sequential: seq}` destructured from the module. */
function readObjectPattern(pattern: SyntaxNode, source: string): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  for (const property of pattern.getChildren('PatternProperty')) {
    const key = property.getChild('PropertyName');
    const local = property.getChild('VariableDefinition');
    if (!local) continue;
    bindings.push({ local: textOf(source, local), path: `${TFJS_ROOT}.${textOf(source, key ?? local)}` });
  }
  return bindings;
}

/** Resolves names through the file's TF.js bindings to dotted paths (`L.dense` → `tfjs.layers.dense`). */
export class NameResolver {
  private readonly byLocal = new Map<string, string>();

  constructor(
    imports: readonly ImportBinding[],
    private readonly source: string,
  ) {
    for (const binding of imports) this.byLocal.set(binding.local, binding.path);
  }

  /** The dotted path of a name or member chain; undefined when it does not start at a TF.js binding. */
  resolve(node: SyntaxNode): string | undefined {
    if (node.name === 'VariableName') return this.byLocal.get(textOf(this.source, node));
    if (node.name === 'MemberExpression') {
      const object = node.firstChild;
      const property = node.lastChild;
      if (!object || property?.name !== 'PropertyName') return undefined;
      const base = this.resolve(unwrap(object));
      return base === undefined ? undefined : `${base}.${textOf(this.source, property)}`;
    }
    return undefined;
  }

  /** True when `name` is bound by a TF.js import (so it is not a local variable). */
  isImported(name: string): boolean {
    return this.byLocal.has(name);
  }
}

/** The expression inside parentheses, `x as T`, `x!` and `<T>x`: what the value is. */
export function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (;;) {
    if (current.name === 'ParenthesizedExpression') {
      const inner = current.firstChild?.nextSibling;
      if (!inner || inner.name === ')') return current;
      current = inner;
    } else if (current.name === 'BinaryExpression' && current.firstChild && current.firstChild.nextSibling?.name === 'as') {
      current = current.firstChild;
    } else if (current.name === 'PostfixExpression' && current.lastChild?.name === 'LogicOp' && current.firstChild) {
      current = current.firstChild;
    } else if (current.name === 'PrefixCast' && current.lastChild) {
      current = current.lastChild;
    } else {
      return current;
    }
  }
}

/** Lezer hands out a fresh object per visit: nodes are the same when their type and range are. */
export function sameNode(a: SyntaxNode, b: SyntaxNode): boolean {
  return a.type === b.type && a.from === b.from && a.to === b.to;
}

export interface ObjectProperty {
  key: string;
  /** The whole `key: value` property. */
  node: SyntaxNode;
  /** The value; for a shorthand `{units}`, the key itself (a variable reference). */
  value: SyntaxNode;
  shorthand: boolean;
}

/**
 * The properties of an object literal by key (the last one written wins). `open` is true when
 * a spread (`...base`) or a computed key may set further keys: a key not listed is then unknown.
 * Properties written before the last spread are left out, since the spread may override them.
 */
export function objectProperties(object: SyntaxNode, source: string): { properties: Map<string, ObjectProperty>; open: boolean } {
  const properties = new Map<string, ObjectProperty>();
  let open = false;
  for (let property = object.firstChild; property; property = property.nextSibling) {
    if (property.name !== 'Property') continue;
    const first = property.firstChild;
    if (!first) continue;
    if (first.name === 'Spread' || first.name === '[') {
      open = true;
      if (first.name === 'Spread') properties.clear();
      continue;
    }
    const key = first.name === 'PropertyDefinition' ? textOf(source, first) : stringContent(first, source);
    if (key === undefined) continue;
    if (childNamed(property, 'ParamList')) continue; // a method, not a value
    const colon = childNamed(property, ':');
    const value = colon?.nextSibling;
    if (colon && (!value || value.type.isError)) continue;
    properties.set(key, { key, node: property, value: value ?? first, shorthand: !colon });
  }
  return { properties, open };
}

/** A literal value as written: numbers, strings, booleans, null, arrays of numbers. */
export type Literal = number | string | boolean | null | number[];

export function literalValue(node: SyntaxNode, source: string): Literal | undefined {
  const inner = unwrap(node);
  switch (inner.name) {
    case 'Number': {
      const value = Number(textOf(source, inner).replace(/_/g, ''));
      return Number.isFinite(value) ? value : undefined;
    }
    case 'String':
    case 'TemplateString':
      return stringContent(inner, source);
    case 'BooleanLiteral':
      return textOf(source, inner) === 'true';
    case 'null':
      return null;
    case 'UnaryExpression': {
      const sign = inner.firstChild ? textOf(source, inner.firstChild) : '';
      const operand = inner.lastChild && inner.lastChild !== inner.firstChild ? literalValue(inner.lastChild, source) : undefined;
      if (typeof operand !== 'number') return undefined;
      return sign === '-' ? -operand : sign === '+' ? operand : undefined;
    }
    case 'ArrayExpression': {
      const items = arrayItems(inner).map((item) => literalValue(item, source));
      return items.every((value): value is number => typeof value === 'number') ? items : undefined;
    }
    default:
      return undefined;
  }
}

/** The element expressions of an array literal (holes and error nodes skipped). */
export function arrayItems(array: SyntaxNode): SyntaxNode[] {
  const items: SyntaxNode[] = [];
  for (let child = array.firstChild; child; child = child.nextSibling) {
    if (child.name !== '[' && child.name !== ']' && child.name !== ',' && !child.type.isError && !child.type.isSkipped) items.push(child);
  }
  return items;
}

/** A shape array such as `[null, 784]`: its entries, `null` where the size is open; undefined when not literal. */
export function shapeValue(node: SyntaxNode, source: string): (number | null)[] | undefined {
  const inner = unwrap(node);
  if (inner.name !== 'ArrayExpression') return undefined;
  const items = arrayItems(inner).map((item) => literalValue(item, source));
  return items.every((value): value is number | null => typeof value === 'number' || value === null) ? items : undefined;
}

/** The arguments of an ArgList, in order (spread arguments make the list unreadable: undefined). */
export function callArguments(argList: SyntaxNode): SyntaxNode[] | undefined {
  const args: SyntaxNode[] = [];
  for (let child = argList.firstChild; child; child = child.nextSibling) {
    if (child.name === '(' || child.name === ')' || child.name === ',' || child.type.isSkipped) continue;
    if (child.name === 'Spread') return undefined;
    if (!child.type.isError) args.push(child);
  }
  return args;
}
