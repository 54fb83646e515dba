// Which names of a Python scope hold one value for sure: bound once, unconditionally.
// A name rebound, or bound inside a branch, loop, `with` or `try`, may hold either value
// when it is read; the extractor then treats it as unknown rather than guess.

import type { SyntaxNode, SyntaxNodeRef } from '@lezer/common';
import { childNamed, childrenOf, textOf } from '../../parse';
import { LEZER_WALK, type ChildWalk } from './syntax';

/** Statements whose bodies may run zero, one or many times. */
const CONDITIONAL = new Set(['IfStatement', 'ForStatement', 'WhileStatement', 'TryStatement', 'WithStatement', 'MatchStatement']);

/** Nodes that open a scope of their own: names bound inside them are not this scope's. */
const NESTED_SCOPES = new Set(['FunctionDefinition', 'ClassDefinition', 'LambdaExpression', 'ArrayComprehensionExpression', 'DictionaryComprehensionExpression', 'SetComprehensionExpression', 'ComprehensionExpression']);

/** Nodes a tally leaves: the nested scopes and conditional statements it counts its depth in. */
const DEPTH_NODES: ReadonlySet<string> = new Set([...NESTED_SCOPES, ...CONDITIONAL]);

/** Nodes a tally enters: those that bind a name, and those it counts its depth in. Most nodes are neither: one look settles them. */
const TALLIED_NODES: ReadonlySet<string> = new Set([...DEPTH_NODES, 'AssignStatement', 'UpdateStatement', 'WithStatement', 'TryStatement', 'ScopeStatement', 'NamedExpression']);

/**
 * Names of `scope` (a Body or the Script) that are bound more than once or conditionally;
 * `parameters` are bound once on entry.
 * A `for` statement's own target counts once and unconditionally: the extractor binds it per
 * iteration when it unrolls the loop, and leaves it unbound when it cannot.
 */
export function unstableNames(scope: SyntaxNode, source: string, parameters: readonly string[] = []): Set<string> {
  const tally = new BindingTally(source, parameters);
  scope.cursor().iterate(
    (node) => tally.enter(node),
    (node) => tally.leave(node),
  );
  return tally.unstable;
}

/**
 * How often a scope's statements bind each name, and which names are bound more than once or
 * conditionally. It follows a walk in document order (`enter` and `leave` each node), so it can
 * ride along another walk: a module's top-level statements are tallied one at a time and their
 * counts summed (statement-groups.ts).
 */
export class BindingTally {
  readonly count = new Map<string, number>();
  readonly unstable = new Set<string>();
  /** Depth inside nested scopes (functions, classes, comprehensions), whose names are not this scope's. */
  private nested = 0;
  /** Depth inside statements whose bodies may run zero, one or many times. */
  private conditional = 0;

  constructor(
    private readonly source: string,
    parameters: readonly string[] = [],
  ) {
    for (const name of parameters) this.count.set(name, 1);
  }

  private bind(name: string, conditional: boolean): void {
    const seen = (this.count.get(name) ?? 0) + 1;
    this.count.set(name, seen);
    if (seen > 1 || conditional) this.unstable.add(name);
  }

  private targets(nodes: SyntaxNode[], conditional: boolean): void {
    for (const node of nodes) if (node.name === 'VariableName') this.bind(textOf(this.source, node), conditional);
  }

  enter(ref: SyntaxNodeRef): void {
    const name = ref.name;
    if (!TALLIED_NODES.has(name)) return;
    if (this.nested > 0) {
      if (NESTED_SCOPES.has(name)) this.nested++;
      return;
    }
    const conditional = this.conditional > 0;
    switch (name) {
      case 'AssignStatement':
        this.targets(assignmentTargets(ref.node), conditional);
        break;
      case 'UpdateStatement': {
        // `n += 1` reads and rebinds: never one value.
        const target = ref.node.firstChild;
        if (target?.name === 'VariableName') this.unstable.add(textOf(this.source, target));
        break;
      }
      case 'ForStatement':
        // Bound afresh on every iteration the extractor unrolls: conditional only by being rebound.
        this.targets(forTargets(ref.node), false);
        break;
      case 'WithStatement':
      case 'TryStatement':
        this.targets(childrenAfter(ref.node, 'as'), true);
        break;
      case 'FunctionDefinition':
      case 'ClassDefinition': {
        const defined = childNamed(ref.node, 'VariableName');
        if (defined) this.bind(textOf(this.source, defined), conditional);
        break;
      }
      case 'ScopeStatement':
        // `global n` / `nonlocal n`: bound elsewhere as well.
        this.targets(childrenOf(ref.node), true);
        break;
      case 'NamedExpression': {
        const target = ref.node.firstChild;
        if (target?.name === 'VariableName') this.bind(textOf(this.source, target), true);
        break;
      }
      default:
        break;
    }
    if (NESTED_SCOPES.has(name)) this.nested++;
    else if (CONDITIONAL.has(name)) this.conditional++;
  }

  leave(ref: SyntaxNodeRef): void {
    const name = ref.name;
    if (!DEPTH_NODES.has(name)) return;
    if (NESTED_SCOPES.has(name)) this.nested--;
    else if (this.nested === 0 && CONDITIONAL.has(name)) this.conditional--;
  }
}

/** The VariableName targets of `a = b = value` and `a, b = value` (not attribute or subscript targets). */
export function assignmentTargets(statement: SyntaxNode): SyntaxNode[] {
  return assignmentParts(statement).targets;
}

/**
 * An assignment read in one pass over its children: the targets before its last `=` (as
 * assignmentTargets), its last child (the value, when the statement is whole), and whether a
 * comma separates targets or values (`a, b = …`: no target takes the whole value).
 */
export function assignmentParts(statement: SyntaxNode, walk: ChildWalk = LEZER_WALK): { targets: SyntaxNode[]; value: SyntaxNode | null; comma: boolean } {
  const targets: SyntaxNode[] = [];
  // Nodes after the last `=` seen so far are values, not targets: dropped at the end.
  let assigned = 0;
  let comma = false;
  let last: SyntaxNode | null = null;
  for (let child = walk.firstChild(statement); child; child = walk.nextSibling(child)) {
    const name = child.name;
    last = child;
    if (name === 'AssignOp') assigned = targets.length;
    else if (name === ',') comma = true;
    else if (name !== 'TypeDef') targets.push(child);
  }
  targets.length = assigned;
  return { targets, value: last, comma };
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
