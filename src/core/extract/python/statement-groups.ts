// A Python module's top-level statements, what each takes from the ones before it, and the
// groups they form: statements joined when one reads a name another binds. A group is what the
// extractor runs on its own, and what an edit makes it run again: every other group keeps its
// models (analyze.ts reuses them), since nothing it reads has changed.
//
// What a statement reads and binds is read once per statement text, positions relative to the
// statement: an edit walks only the statements it touched.

import type { SyntaxNode, TreeCursor } from '@lezer/common';
import type { ImportBinding } from '../../ir';
import { BindingTally, assignmentTargets, forTargets } from './bindings';
import { StatementSets, topNodes, type StatementMemo, type TopNode } from '../statement-union';
import { lastChildNamed, readImport } from './syntax';

/** What one top-level statement holds and links to, all positions relative to its start. */
export interface StatementFacts {
  imports: ImportBinding[];
  doubleQuotes: number;
  singleQuotes: number;
  hasError: boolean;
  /** Starts of the AssignStatements with an error node inside: half-typed assignments. */
  erroneousAssignments: number[];
  /** Names called (`f(...)`, `self.f(...)`): functions read through their calls. */
  calledNames: ReadonlySet<string>;
  /** Every name it mentions, bound, read or shadowed: a group that mentions no framework import makes no model. */
  mentions: ReadonlySet<string>;
  /** Names whose value before this statement it may use. */
  reads: string[];
  /** Names its functions and classes read when they run, later: they depend on every binding of those names. */
  free: string[];
  /** Module-level bindings as the extractor's scope counts them (BindingTally). */
  bindCounts: Map<string, number>;
  unstable: Set<string>;
  /** Every name it binds at module level (`n += 1` included). */
  binds: string[];
  /** Names it binds once and unconditionally: after it, earlier bindings of them are dead. */
  replaces: string[];
}

export type TopStatement = TopNode<StatementFacts>;

/** Statement facts by node type, then text: carried from one analysis of a document to the next. */
export type FactsMemo = StatementMemo<StatementFacts>;

const CHAR_DOUBLE_QUOTE = 34;
/** String prefix letters (`r`, `b`, `u`, either case) that come before a literal's quote. */
const STRING_PREFIXES = new Set([...'rRbBuU'].map((letter) => letter.charCodeAt(0)));
const COMPREHENSIONS = new Set(['ArrayComprehensionExpression', 'DictionaryComprehensionExpression', 'SetComprehensionExpression', 'ComprehensionExpression']);
const DEFINITIONS = new Set(['FunctionDefinition', 'ClassDefinition', 'DecoratedStatement']);

/** The module's top-level nodes (statements, comments, error nodes) with their facts, read through `memo`. */
export function topStatements(top: SyntaxNode, source: string, memo?: FactsMemo, nextMemo?: FactsMemo): TopStatement[] {
  return topNodes(top, source, statementFacts, memo, nextMemo);
}

/** One walk over a top-level statement. */
export function statementFacts(statement: SyntaxNode, source: string): StatementFacts {
  const base = statement.from;
  const imports: ImportBinding[] = [];
  const erroneousAssignments: number[] = [];
  const called = new Set<string>();
  /** The AssignStatements the walk is inside, with their targets. */
  const openAssignments: { from: number; targets: SyntaxNode[] }[] = [];
  let nestedDefinition = false;
  /** Starts of the VariableName nodes that bind (targets, parameters, definitions' names). */
  const binding = new Set<number>();
  let globals: Set<string> | undefined;
  /** Every VariableName: its text and start, in document order. */
  const names: string[] = [];
  const starts: number[] = [];
  let doubleQuotes = 0;
  let singleQuotes = 0;
  let hasError = false;
  /** Per name, the ranges where a binding made in this statement is surely the current one. */
  let covered: Map<string, [number, number][]> | undefined;
  let readsToo: Set<number> | undefined;
  const cover = (targets: readonly SyntaxNode[], from: number, to: number) => {
    for (const target of targets) {
      if (target.name !== 'VariableName') continue;
      const name = source.slice(target.from, target.to);
      covered ??= new Map();
      const ranges = covered.get(name);
      if (ranges) ranges.push([from, to]);
      else covered.set(name, [[from, to]]);
    }
  };
  const bindAll = (nodes: Iterable<SyntaxNode>) => {
    for (const node of nodes) if (node.name === 'VariableName') binding.add(node.from);
  };
  const tally = new BindingTally(source);
  statement.cursor().iterate(
    (ref) => {
      tally.enter(ref);
      if (ref.type.isError) {
        hasError = true;
        for (const { from } of openAssignments) if (!erroneousAssignments.includes(from - base)) erroneousAssignments.push(from - base);
        return undefined;
      }
      switch (ref.name) {
        case 'VariableName':
          names.push(source.slice(ref.from, ref.to));
          starts.push(ref.from);
          break;
        case 'ImportStatement': {
          const node = ref.node;
          for (const found of readImport(node, source)) imports.push(found.appendAt === undefined ? found : { ...found, appendAt: found.appendAt - base });
          bindAll(descendants(node));
          break;
        }
        case 'String': {
          let at = ref.from;
          while (at < ref.to && STRING_PREFIXES.has(source.charCodeAt(at))) at++;
          if (at < ref.to && source.charCodeAt(at) === CHAR_DOUBLE_QUOTE) doubleQuotes++;
          else singleQuotes++;
          break;
        }
        case 'AssignStatement': {
          const targets = assignmentTargets(ref.node);
          openAssignments.push({ from: ref.from, targets });
          bindAll(targets);
          break;
        }
        case 'UpdateStatement':
        case 'NamedExpression': {
          const target = ref.node.firstChild;
          if (target) bindAll([target]);
          // `n += 1` reads `n` before it binds it.
          if (target && ref.name === 'UpdateStatement') (readsToo ??= new Set()).add(target.from);
          break;
        }
        case 'ForStatement': {
          const node = ref.node;
          const targets = forTargets(node);
          bindAll(targets);
          const body = node.getChild('Body');
          if (body) cover(targets, body.from, body.to);
          break;
        }
        case 'WithStatement':
        case 'TryStatement':
          bindAll(after(ref.node, 'as'));
          break;
        case 'FunctionDefinition':
        case 'ClassDefinition': {
          const name = ref.node.getChild('VariableName');
          if (name) binding.add(name.from);
          if (ref.from !== statement.from) nestedDefinition = true;
          break;
        }
        case 'LambdaExpression':
          nestedDefinition = true;
          break;
        case 'ParamList':
          bindAll(parameters(ref.node));
          break;
        case 'ScopeStatement':
          for (const node of descendants(ref.node)) if (node.name === 'VariableName') (globals ??= new Set()).add(source.slice(node.from, node.to));
          break;
        case 'CallExpression': {
          const callee = ref.node.firstChild;
          const name = callee?.name === 'MemberExpression' ? lastChildNamed(callee, 'PropertyName') : callee;
          if (name && (name.name === 'VariableName' || name.name === 'PropertyName')) called.add(source.slice(name.from, name.to));
          break;
        }
        default:
          if (COMPREHENSIONS.has(ref.name)) bindAll(comprehensionTargets(ref.node));
          break;
      }
      return undefined;
    },
    (ref) => {
      tally.leave(ref);
      if (ref.name !== 'AssignStatement') return;
      const { targets } = openAssignments.pop()!;
      if (ref.from === statement.from) return;
      // Inside a block, what follows an assignment in that block reads the value it bound.
      const block = ref.node.parent;
      if (block?.name === 'Body') cover(targets, ref.to, block.to);
    },
  );

  // Only a plain assignment or a definition surely replaces a name: a loop may run zero times.
  const surely = statement.name === 'AssignStatement' || DEFINITIONS.has(statement.name);
  const replaces = surely ? [...tally.count].filter(([name, count]) => count === 1 && !tally.unstable.has(name)).map(([name]) => name) : [];

  let reads: string[];
  let free: string[] = [];
  if (DEFINITIONS.has(statement.name)) {
    // A definition binds its own name now; its body runs later, with the names it does not bind itself.
    const locals = new Set(names.filter((_, i) => binding.has(starts[i])));
    for (const name of globals ?? []) locals.delete(name);
    free = unique(names.filter((name) => !locals.has(name)));
    reads = free;
  } else {
    // A name read where none of this statement's own bindings surely holds takes its value from before.
    const isCovered = (name: string, from: number) => covered?.get(name)?.some(([start, end]) => from >= start && from <= end) ?? false;
    reads = unique(names.filter((name, i) => (!binding.has(starts[i]) || readsToo?.has(starts[i])) && !isCovered(name, starts[i])));
    if (nestedDefinition) free = unique(names);
  }
  return {
    imports,
    doubleQuotes,
    singleQuotes,
    hasError,
    erroneousAssignments,
    calledNames: called,
    mentions: new Set(names),
    reads,
    free,
    bindCounts: tally.count,
    unstable: tally.unstable,
    binds: unique([...tally.count.keys(), ...tally.unstable]),
    replaces,
  };
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

function descendants(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor: TreeCursor = node.cursor();
  cursor.iterate((ref) => {
    if (ref.from !== node.from || ref.to !== node.to || ref.name !== node.name) found.push(ref.node);
  });
  return found;
}

function after(node: SyntaxNode, keyword: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name === keyword && child.nextSibling) found.push(child.nextSibling);
  return found;
}

/** A ParamList's parameter names: not the default values after `=`. */
function parameters(list: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = list.firstChild; child; child = child.nextSibling) if (child.name === 'VariableName' && child.prevSibling?.name !== 'AssignOp') found.push(child);
  return found;
}

/** The names between each `for` and its `in` in a comprehension. */
function comprehensionTargets(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  let inTargets = false;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === 'for') inTargets = true;
    else if (child.name === 'in') inTargets = false;
    else if (inTargets) found.push(child);
  }
  return found;
}

/**
 * Statement indices in groups, each in source order: a statement joins the statements whose
 * bindings of a name may reach it (the last one that replaced the name, and every conditional
 * binding since), and a definition joins every binding of the names its body reads.
 */
export function groupStatements(statements: readonly TopStatement[]): number[][] {
  const sets = new StatementSets(statements.length);
  const join = (a: number, b: number) => sets.join(a, b);
  /** Per name: the statements whose binding of it may still be the current one. */
  const reaching = new Map<string, number[]>();
  const binders = new Map<string, number[]>();
  statements.forEach(({ facts }, index) => {
    for (const name of facts.reads) for (const binder of reaching.get(name) ?? []) join(index, binder);
    for (const name of facts.binds) {
      const list = binders.get(name);
      if (list) list.push(index);
      else binders.set(name, [index]);
    }
    const replaced = new Set(facts.replaces);
    for (const name of facts.binds) {
      const list = reaching.get(name);
      if (list && !replaced.has(name)) list.push(index);
      else reaching.set(name, [index]);
    }
  });
  statements.forEach(({ facts }, index) => {
    for (const name of facts.free) for (const binder of binders.get(name) ?? []) join(index, binder);
  });
  return sets.groups();
}
