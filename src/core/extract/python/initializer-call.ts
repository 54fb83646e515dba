// Reads an initializer argument in every Keras-family spelling: a string ('he_normal', Keras 1's
// 'uniform'), a Keras class or snake_case function, a TF1 function (`tf.zeros_initializer()`,
// `tf.contrib.layers.xavier_initializer()`), and TF1 placeholders' shapes.

import type { SyntaxNode, Tree } from '@lezer/common';
import { initializerRow, kerasSpec, type ArgValues } from '../../catalog/initializers';
import { childNamed, childrenOf, spanOf, textOf } from '../../parse';
import type { InitializerForm, InitializerRef } from '../../ir';
import { writtenTfModule, type KerasSymbol } from './keras-names';
import { bindArguments, literalValue, quoteOf, readArguments, stringValue, type NameResolver } from './syntax';

const span = spanOf;

export interface InitializerScope {
  source: string;
  names: NameResolver;
  symbolOf(callee: SyntaxNode): KerasSymbol | undefined;
}

/** The initializer an argument sets, or the layer's default `fallback` when it is absent or None. */
export function readInitializer(node: SyntaxNode | undefined, fallback: string, scope: InitializerScope): InitializerRef {
  const { source } = scope;
  if (!node || node.name === 'None') return { spec: kerasSpec(fallback), explicit: false, form: { kind: 'other' } };
  const text = textOf(source, node);
  if (node.name === 'String') {
    return { spec: kerasSpec(stringValue(text)), explicit: true, span: span(node), form: { kind: 'string', quote: quoteOf(text) } };
  }
  const unknown: InitializerRef = { spec: undefined, explicit: true, span: span(node), form: { kind: 'other' } };
  const callee = node.name === 'CallExpression' ? node.firstChild : node;
  const symbol = callee ? scope.symbolOf(callee) : undefined;
  if (!symbol && node.name === 'VariableName') {
    // Keras 1's way to set a scale: `init=wide_normal`, a function of the shape defined in the file.
    // Its value is what the function returns; a fix writes a string at the use.
    const returned = returnedInitializer(node, source);
    const ref = returned && readInitializer(returned, fallback, scope);
    return ref?.spec ? { ...ref, span: span(node), form: { kind: 'other' } } : unknown;
  }
  if (!callee || symbol?.type !== 'initializer') return unknown;
  const row = initializerRow(symbol.dialect, symbol.name);
  if (!row) return unknown;

  // A class passed uncalled (`kernel_initializer=tf.zeros_initializer`) is built with its defaults.
  const argList = node.name === 'CallExpression' ? childNamed(node, 'ArgList') : null;
  const bound = argList ? bindArguments(readArguments(argList, source).args, row.params) : new Map<string, SyntaxNode>();
  const values: ArgValues = {};
  for (const [name, value] of bound) {
    const literal = literalValue(value, source);
    values[name] = literal === undefined ? null : literal;
  }
  const nameNode = callee.name === 'MemberExpression' ? childNamed(callee, 'PropertyName') : callee;
  const seed = bound.get('seed');
  const written = {
    nameSpan: span(nameNode ?? callee),
    ...(seed ? { seedText: textOf(source, seed) } : {}),
  };
  const qualifier = nameNode ? source.slice(callee.from, nameNode.from) : '';
  let form: InitializerForm;
  if (symbol.spelling === 'tf1') form = { kind: 'tf1', root: writtenTfModule(callee, scope.names, source), ...written };
  else if (symbol.spelling === 'keras1-function') form = { kind: 'other' };
  else form = { kind: symbol.spelling, qualifier, ...written };
  return { spec: row.build(values), explicit: true, span: span(node), form };
}

/**
 * The feature shape of `tf.placeholder(dtype, shape)`: the shape without its leading batch axis
 * (`[None, 784]` → `[784]`). Undefined when any other axis is None or not a literal number.
 */
export function placeholderShape(shape: SyntaxNode | undefined, source: string): number[] | undefined {
  if (!shape || !['ArrayExpression', 'TupleExpression', 'ParenthesizedExpression'].includes(shape.name)) return undefined;
  const items = childrenOf(shape).filter((child) => !['(', ')', '[', ']', ','].includes(child.name));
  const [batch, ...features] = items;
  if (!batch || (batch.name !== 'None' && typeof literalValue(batch, source) !== 'number')) return undefined;
  const sizes = features.map((item) => literalValue(item, source));
  return sizes.length > 0 && sizes.every((size): size is number => typeof size === 'number') ? sizes : undefined;
}

/** The file's function definitions by name, collected once per tree (a walk per lookup is quadratic in the file). */
const definitionsByTree = new WeakMap<Tree, Map<string, SyntaxNode[]>>();

function functionDefinitions(inside: SyntaxNode, source: string): Map<string, SyntaxNode[]> {
  let top: SyntaxNode = inside;
  while (top.parent) top = top.parent;
  const tree = top.tree;
  const cached = tree ? definitionsByTree.get(tree) : undefined;
  if (cached) return cached;
  const definitions = new Map<string, SyntaxNode[]>();
  top.cursor().iterate((node) => {
    if (node.name !== 'FunctionDefinition') return undefined;
    const nameNode = node.node.getChild('VariableName');
    if (!nameNode) return undefined;
    const name = textOf(source, nameNode);
    const list = definitions.get(name);
    if (list) list.push(node.node);
    else definitions.set(name, [node.node]);
    return undefined;
  });
  if (tree) definitionsByTree.set(tree, definitions);
  return definitions;
}

/**
 * The call a function named by `name` returns, when the file defines that function once and its
 * body is only `return <call>` (a docstring aside): `def wide_normal(shape, name=None): return
 * initializations.normal(shape, scale=1.0, name=name)`. Anything else is not read.
 */
function returnedInitializer(name: SyntaxNode, source: string): SyntaxNode | undefined {
  const definitions = functionDefinitions(name, source).get(textOf(source, name)) ?? [];
  const body = definitions.length === 1 ? definitions[0].getChild('Body') : null;
  if (!body) return undefined;
  const statements = childrenOf(body).filter((node) => node.name !== ':' && node.name !== 'Comment' && !isDocstring(node));
  const [statement] = statements;
  if (statements.length !== 1 || statement.name !== 'ReturnStatement') return undefined;
  const value = statement.lastChild;
  return value?.name === 'CallExpression' ? value : undefined;
}

function isDocstring(node: SyntaxNode): boolean {
  const children = childrenOf(node);
  return node.name === 'ExpressionStatement' && children.length === 1 && children[0].name === 'String';
}
