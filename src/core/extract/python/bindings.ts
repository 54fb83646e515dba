// Which names of a Python scope hold one value for sure: bound once, unconditionally.
// A name rebound, or bound inside a branch, loop, `with` or `try`, may hold either value
// when it is read; the extractor then treats it as unknown rather than guess.

import type { NodeType, SyntaxNode, SyntaxNodeRef } from '@lezer/common';
import { childNamed, childrenOf, textOf } from '../../parse';
import { LEZER_WALK, byNodeType, type ChildWalk } from './syntax';

/** Statements whose bodies may run zero, one or many times. */
const CONDITIONAL = new Set(['IfStatement', 'ForStatement', 'WhileStatement', 'TryStatement', 'WithStatement', 'MatchStatement']);

/** Nodes that open a scope of their own: names bound inside them are not this scope's. */
const NESTED_SCOPES = new Set(['FunctionDefinition', 'ClassDefinition', 'LambdaExpression', 'ArrayComprehensionExpression', 'DictionaryComprehensionExpression', 'SetComprehensionExpression', 'ComprehensionExpression']);

/** What a tally does on entering a node, by its type: the low bits say how it binds, the flags how it counts depth. */
const TALLY_ASSIGN = 1;
const TALLY_UPDATE = 2;
const TALLY_FOR = 3;
const TALLY_AS = 4;
const TALLY_DEFINITION = 5;
const TALLY_SCOPE = 6;
const TALLY_NAMED = 7;
const TALLY_BINDING = 7;
const TALLY_NESTED = 8;
const TALLY_CONDITIONAL = 16;

const TALLY_BY_NAME: ReadonlyMap<string, number> = new Map([
  ['AssignStatement', TALLY_ASSIGN],
  ['UpdateStatement', TALLY_UPDATE],
  ['ForStatement', TALLY_FOR],
  ['WithStatement', TALLY_AS],
  ['TryStatement', TALLY_AS],
  ['FunctionDefinition', TALLY_DEFINITION],
  ['ClassDefinition', TALLY_DEFINITION],
  ['ScopeStatement', TALLY_SCOPE],
  ['NamedExpression', TALLY_NAMED],
]);

/** How a tally treats nodes of a type; 0 for most, which neither bind a name nor count depth. */
const tallyKind = byNodeType((type) => {
  const name = type.name;
  return (TALLY_BY_NAME.get(name) ?? 0) | (NESTED_SCOPES.has(name) ? TALLY_NESTED : CONDITIONAL.has(name) ? TALLY_CONDITIONAL : 0);
});

/** Whether a tally looks at nodes of `type` at all: a walk that feeds one may skip the others. */
export function tallies(type: NodeType): boolean {
  return tallyKind(type) !== 0;
}

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
  return tally.unstable ?? new Set();
}

/**
 * How often a scope's statements bind each name, and which names are bound more than once or
 * conditionally. It follows a walk in document order (`enter` and `leave` each node), so it can
 * ride along another walk: a module's top-level statements are tallied one at a time and their
 * counts summed (statement-groups.ts).
 */
export class BindingTally {
  /** Bindings per name; undefined while the scope binds none (most statements). */
  count?: Map<string, number>;
  /** Names bound more than once or conditionally; undefined while there is none. */
  unstable?: Set<string>;
  /** Depth inside nested scopes (functions, classes, comprehensions), whose names are not this scope's. */
  private nested = 0;
  /** Depth inside statements whose bodies may run zero, one or many times. */
  private conditional = 0;

  constructor(
    private readonly source: string,
    parameters: readonly string[] = [],
  ) {
    if (parameters.length > 0) this.count = new Map(parameters.map((name) => [name, 1]));
  }

  private bind(name: string, conditional: boolean): void {
    const count = (this.count ??= new Map());
    const seen = (count.get(name) ?? 0) + 1;
    count.set(name, seen);
    if (seen > 1 || conditional) (this.unstable ??= new Set()).add(name);
  }

  private targets(nodes: SyntaxNode[], conditional: boolean): void {
    for (const node of nodes) if (node.name === 'VariableName') this.bind(textOf(this.source, node), conditional);
  }

  /**
   * `bound`: the VariableName texts `ref` binds as this tally reads them (the targets of an
   * assignment, a `for` or an `as`, a definition's name, the target of `n += 1` or `n := …`), when
   * the walk has read them already; the tally reads them itself otherwise.
   */
  enter(ref: SyntaxNodeRef, bound?: readonly string[]): void {
    const kind = tallyKind(ref.type);
    if (kind === 0) return;
    if (this.nested > 0) {
      if (kind & TALLY_NESTED) this.nested++;
      return;
    }
    const conditional = this.conditional > 0;
    switch (kind & TALLY_BINDING) {
      case TALLY_ASSIGN:
        if (bound) this.bindAll(bound, conditional);
        else this.targets(assignmentTargets(ref.node), conditional);
        break;
      case TALLY_UPDATE: {
        // `n += 1` reads and rebinds: never one value.
        if (bound) {
          for (const name of bound) (this.unstable ??= new Set()).add(name);
          break;
        }
        const target = ref.node.firstChild;
        if (target?.name === 'VariableName') (this.unstable ??= new Set()).add(textOf(this.source, target));
        break;
      }
      case TALLY_FOR:
        // Bound afresh on every iteration the extractor unrolls: conditional only by being rebound.
        if (bound) this.bindAll(bound, false);
        else this.targets(forTargets(ref.node), false);
        break;
      case TALLY_AS:
        if (bound) this.bindAll(bound, true);
        else this.targets(childrenAfter(ref.node, 'as'), true);
        break;
      case TALLY_DEFINITION: {
        if (bound) {
          this.bindAll(bound, conditional);
          break;
        }
        const defined = childNamed(ref.node, 'VariableName');
        if (defined) this.bind(textOf(this.source, defined), conditional);
        break;
      }
      case TALLY_SCOPE:
        // `global n` / `nonlocal n`: bound elsewhere as well.
        this.targets(childrenOf(ref.node), true);
        break;
      case TALLY_NAMED: {
        if (bound) {
          this.bindAll(bound, true);
          break;
        }
        const target = ref.node.firstChild;
        if (target?.name === 'VariableName') this.bind(textOf(this.source, target), true);
        break;
      }
      default:
        break;
    }
    if (kind & TALLY_NESTED) this.nested++;
    else if (kind & TALLY_CONDITIONAL) this.conditional++;
  }

  leave(ref: SyntaxNodeRef): void {
    const kind = tallyKind(ref.type);
    if (kind & TALLY_NESTED) this.nested--;
    else if (this.nested === 0 && kind & TALLY_CONDITIONAL) this.conditional--;
  }

  private bindAll(names: readonly string[], conditional: boolean): void {
    for (const name of names) this.bind(name, conditional);
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
