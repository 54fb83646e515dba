// Which names of a Python scope hold one value for sure: bound once, unconditionally.
// A name rebound, or bound inside a branch, loop, `with` or `try`, may hold either value
// when it is read; the extractor then treats it as unknown rather than guess.

import type { SyntaxNode } from '@lezer/common';
import { childNamed, childrenOf, textOf } from '../../parse';

/** Statements whose bodies may run zero, one or many times. */
const CONDITIONAL = new Set(['IfStatement', 'ForStatement', 'WhileStatement', 'TryStatement', 'WithStatement', 'MatchStatement']);

/** Nodes that open a scope of their own: names bound inside them are not this scope's. */
const NESTED_SCOPES = new Set(['FunctionDefinition', 'ClassDefinition', 'LambdaExpression', 'ArrayComprehensionExpression', 'DictionaryComprehensionExpression', 'SetComprehensionExpression', 'ComprehensionExpression']);

/**
 * Names of `scope` (a Body or the Script) that are bound more than once or conditionally;
 * `parameters` are bound once on entry.
 * A `for` statement's own target counts once and unconditionally: the extractor binds it per
 * iteration when it unrolls the loop, and leaves it unbound when it cannot.
 */
export function unstableNames(scope: SyntaxNode, source: string, parameters: readonly string[] = []): Set<string> {
  const count = new Map<string, number>(parameters.map((name) => [name, 1]));
  const unstable = new Set<string>();
  const bind = (name: string, conditional: boolean): void => {
    const seen = (count.get(name) ?? 0) + 1;
    count.set(name, seen);
    if (seen > 1 || conditional) unstable.add(name);
  };
  const targets = (nodes: SyntaxNode[], conditional: boolean): void => {
    for (const node of nodes) if (node.name === 'VariableName') bind(textOf(source, node), conditional);
  };

  // A cursor walks the scope without building a node object per child; nodes are built only
  // for the statements that bind.
  const cursor = scope.cursor();
  const visitChildren = (conditional: boolean): void => {
    if (!cursor.firstChild()) return;
    do {
      const name = cursor.name;
      switch (name) {
        case 'AssignStatement':
          targets(assignmentTargets(cursor.node), conditional);
          break;
        case 'UpdateStatement': {
          // `n += 1` reads and rebinds: never one value.
          const target = cursor.node.firstChild;
          if (target?.name === 'VariableName') unstable.add(textOf(source, target));
          break;
        }
        case 'ForStatement':
          // Bound afresh on every iteration the extractor unrolls: conditional only by being rebound.
          targets(forTargets(cursor.node), false);
          break;
        case 'WithStatement':
        case 'TryStatement':
          targets(childrenAfter(cursor.node, 'as'), true);
          break;
        case 'FunctionDefinition':
        case 'ClassDefinition': {
          const defined = childNamed(cursor.node, 'VariableName');
          if (defined) bind(textOf(source, defined), conditional);
          continue;
        }
        case 'ScopeStatement':
          // `global n` / `nonlocal n`: bound elsewhere as well.
          targets(childrenOf(cursor.node), true);
          break;
        default:
          break;
      }
      if (NESTED_SCOPES.has(name)) continue;
      if (name === 'NamedExpression') {
        const target = cursor.node.firstChild;
        if (target?.name === 'VariableName') bind(textOf(source, target), true);
      }
      visitChildren(conditional || CONDITIONAL.has(name));
    } while (cursor.nextSibling());
    cursor.parent();
  };
  visitChildren(false);
  return unstable;
}

/** The VariableName targets of `a = b = value` and `a, b = value` (not attribute or subscript targets). */
export function assignmentTargets(statement: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  let pending: SyntaxNode[] = [];
  for (let child = statement.firstChild; child; child = child.nextSibling) {
    if (child.name === 'AssignOp') {
      found.push(...pending);
      pending = [];
    } else if (child.name !== ',' && child.name !== 'TypeDef') {
      pending.push(child);
    }
  }
  return found;
}

/** The target nodes of `for a, b in …` (before `in`). */
export function forTargets(statement: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = statement.firstChild?.nextSibling; child && child.name !== 'in'; child = child.nextSibling) {
    if (child.name !== ',') found.push(child);
  }
  return found;
}

function childrenAfter(node: SyntaxNode, keyword: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === keyword && child.nextSibling) found.push(child.nextSibling);
  }
  return found;
}
