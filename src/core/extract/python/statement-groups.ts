// A Python module's top-level statements, what each takes from the ones before it, and the
// groups they form: statements joined when one reads a name another binds. A group is what the
// extractor runs on its own, and what an edit makes it run again: every other group keeps its
// models (analyze.ts reuses them), since nothing it reads has changed.
//
// What a statement reads and binds is read once per statement text, positions relative to the
// statement: an edit walks only the statements it touched.

import type { SyntaxNode, TreeCursor } from '@lezer/common';
import type { ImportBinding } from '../../ir';
import { BindingTally, tallies } from './bindings';
import { StatementSets, topNodes, type StatementMemo, type TopNode } from '../statement-union';
import { byNodeType, readImport } from './syntax';

/**
 * What one top-level statement holds and links to, all positions relative to its start. Most
 * statements bind, call or import nothing: their empty fields share one empty array, set or map.
 */
export interface StatementFacts {
  imports: readonly ImportBinding[];
  doubleQuotes: number;
  singleQuotes: number;
  hasError: boolean;
  /** Starts of the AssignStatements with an error node inside: half-typed assignments. */
  erroneousAssignments: readonly number[];
  /** Names called (`f(...)`, `self.f(...)`), each once: functions read through their calls. */
  called: readonly string[];
  /** Every name it mentions, bound, read or shadowed, each once: a group that mentions no framework import makes no model. */
  mentions: readonly string[];
  /** Names whose value before this statement it may use. */
  reads: readonly string[];
  /** Names its functions and classes read when they run, later: they depend on every binding of those names. */
  free: readonly string[];
  /** Module-level bindings as the extractor's scope counts them (BindingTally). */
  bindCounts: ReadonlyMap<string, number>;
  unstable: ReadonlySet<string>;
  /** Every name it binds at module level (`n += 1` included). */
  binds: readonly string[];
  /** Names it binds once and unconditionally: after it, earlier bindings of them are dead. */
  replaces: readonly string[];
}

export type TopStatement = TopNode<StatementFacts>;

/** Statement facts by node type, then text: carried from one analysis of a document to the next. */
export type FactsMemo = StatementMemo<StatementFacts>;

const CHAR_DOUBLE_QUOTE = 34;
/** String prefix letters (`r`, `b`, `u`, either case) that come before a literal's quote. */
const STRING_PREFIXES = new Set([...'rRbBuU'].map((letter) => letter.charCodeAt(0)));
const DEFINITIONS = new Set(['FunctionDefinition', 'ClassDefinition', 'DecoratedStatement']);

const NO_NAMES: readonly string[] = [];
const NO_POSITIONS: readonly number[] = [];
const NO_IMPORTS: readonly ImportBinding[] = [];
const NO_NAME_SET: ReadonlySet<string> = new Set();
const NO_COUNTS: ReadonlyMap<string, number> = new Map();

/** What the facts walk does on a node, by its type (statementFacts' switch). */
const enum Kind {
  Other,
  Error,
  VariableName,
  Import,
  String,
  Assign,
  Update,
  Named,
  For,
  WithOrTry,
  Definition,
  Lambda,
  Parameters,
  Scope,
  Call,
  Comprehension,
  MemberExpression,
  PropertyName,
  Body,
  AssignOp,
  As,
  ForKeyword,
  In,
}
/** Set beside the kind for nodes the BindingTally looks at. */
const TALLIED = 64;
const KIND_MASK = TALLIED - 1;

const KIND_BY_NAME: ReadonlyMap<string, Kind> = new Map([
  ['VariableName', Kind.VariableName],
  ['ImportStatement', Kind.Import],
  ['String', Kind.String],
  ['AssignStatement', Kind.Assign],
  ['UpdateStatement', Kind.Update],
  ['NamedExpression', Kind.Named],
  ['ForStatement', Kind.For],
  ['WithStatement', Kind.WithOrTry],
  ['TryStatement', Kind.WithOrTry],
  ['FunctionDefinition', Kind.Definition],
  ['ClassDefinition', Kind.Definition],
  ['LambdaExpression', Kind.Lambda],
  ['ParamList', Kind.Parameters],
  ['ScopeStatement', Kind.Scope],
  ['CallExpression', Kind.Call],
  ['ArrayComprehensionExpression', Kind.Comprehension],
  ['DictionaryComprehensionExpression', Kind.Comprehension],
  ['SetComprehensionExpression', Kind.Comprehension],
  ['ComprehensionExpression', Kind.Comprehension],
  ['MemberExpression', Kind.MemberExpression],
  ['PropertyName', Kind.PropertyName],
  ['Body', Kind.Body],
  ['AssignOp', Kind.AssignOp],
  ['as', Kind.As],
  ['for', Kind.ForKeyword],
  ['in', Kind.In],
]);

/** What the walk does on a node of each type, with the TALLIED flag. */
const kindOf = byNodeType((type) => (type.isError ? Kind.Error : (KIND_BY_NAME.get(type.name) ?? Kind.Other)) | (tallies(type) ? TALLIED : 0));

/** The module's top-level nodes (statements, comments, error nodes) with their facts, read through `memo`. */
export function topStatements(top: SyntaxNode, source: string, memo?: FactsMemo, nextMemo?: FactsMemo): TopStatement[] {
  forgetNames();
  const statements = topNodes(top, source, statementFacts, memo, nextMemo);
  forgetNames();
  return statements;
}

// The walk's working space, reused from one statement to the next (statementFacts never nests).
/** Every VariableName in document order: its name id (nameId), start, and how the statement treats it (WALK_READ…). */
const walkIds: number[] = [];
const walkUses: number[] = [];
const walkStarts: number[] = [];
/** The ids of the names called, in order, repeats included. */
const walkCalls: number[] = [];
/** Which of the walk's names the next uniqueNames keeps. */
const walkKept: boolean[] = [];
/**
 * Starts of the VariableName nodes that bind (targets, parameters, definitions' names) and that
 * the walk has yet to meet, ascending (boundAhead[boundHead…boundCount]). The node that binds a
 * name encloses it, so marks it before the walk meets it, and past every name the walk has met.
 */
const boundAhead: number[] = [];
let boundHead = 0;
let boundCount = 0;

function markBound(from: number): void {
  // Marks mostly come in document order: insert from the back.
  let at = boundCount++;
  while (at > boundHead && boundAhead[at - 1] > from) {
    boundAhead[at] = boundAhead[at - 1];
    at--;
  }
  boundAhead[at] = from;
}

/** Whether the VariableName starting at `from`, the next the walk meets, binds. */
function takeBound(from: number): boolean {
  while (boundHead < boundCount && boundAhead[boundHead] < from) boundHead++;
  let bound = false;
  while (boundHead < boundCount && boundAhead[boundHead] === from) {
    boundHead++;
    bound = true;
  }
  return bound;
}
/** Starts of the targets of `n += 1`, which read the name before binding it. */
const readsTooStarts = new Set<number>();
/** Per depth of the walk, where the node it is inside ends when that node is a Body, else -1. */
const bodyEnds: number[] = [];
/** Per depth of the walk, the kind of the node it is inside. */
const kindsAbove: number[] = [];
/** Starts of the AssignStatements the walk is inside. */
const openAssignments: number[] = [];
/**
 * Every name text the walks of one module met, once, by id: a name read from the source is
 * looked up by its characters, so repeats of a name are one string (hashed once by the maps
 * that hold it) and the walk makes no string per name.
 */
let nameTexts: string[] = [];
let nameHashes: number[] = [];
/** Open addressing over the ids (id + 1, 0 for empty), by hash. */
let nameSlots = new Int32Array(4096);
/** Per id, the last pass that marked it (uniqueNames, a definition's locals). */
let nameStamps = new Int32Array(2048);
let pass = 0;

/** The id of the text source[from, to). */
function nameId(source: string, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let at = from; at < to; at++) hash = Math.imul(hash ^ source.charCodeAt(at), 0x01000193);
  const mask = nameSlots.length - 1;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const entry = nameSlots[slot];
    if (entry === 0) {
      const id = nameTexts.length;
      nameTexts.push(source.slice(from, to));
      nameHashes.push(hash);
      nameSlots[slot] = id + 1;
      if (nameTexts.length * 2 > nameSlots.length) growNames();
      return id;
    }
    const id = entry - 1;
    if (nameHashes[id] === hash && sameText(nameTexts[id], source, from, to)) return id;
  }
}

function sameText(text: string, source: string, from: number, to: number): boolean {
  if (text.length !== to - from) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== source.charCodeAt(from + i)) return false;
  return true;
}

function growNames(): void {
  const slots = new Int32Array(nameSlots.length * 2);
  const mask = slots.length - 1;
  for (let id = 0; id < nameTexts.length; id++) {
    let slot = nameHashes[id] & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
  }
  nameSlots = slots;
  const stamps = new Int32Array(slots.length / 2);
  stamps.set(nameStamps);
  nameStamps = stamps;
}

/**
 * Forgets every name (a module's names are not kept past its reading, nor the sources their
 * strings may share), or only once there are many. Called between statements only: the ids
 * the walk's working space holds stay valid within one.
 */
function forgetNames(many = 0): void {
  if (nameTexts.length <= many) return;
  nameTexts = [];
  nameHashes = [];
  if (nameSlots.length > 2 ** 16) {
    nameSlots = new Int32Array(4096);
    nameStamps = new Int32Array(2048);
    pass = 0;
  } else nameSlots.fill(0);
}

/** Starts a pass: no id is marked in it yet. */
function newPass(): number {
  if (++pass === 2 ** 31 - 1) {
    nameStamps.fill(0);
    pass = 1;
  }
  return pass;
}

const WALK_READ = 0;
const WALK_BOUND = 1;
/** Bound and read: the target of `n += 1`. */
const WALK_BOUND_AND_READ = 2;

/** One walk over a top-level statement; `cursor`, when given, is at the statement and is left there. */
export function statementFacts(statement: SyntaxNode, source: string, cursor: TreeCursor = statement.cursor()): StatementFacts {
  const base = statement.from;
  let imports: ImportBinding[] | undefined;
  let erroneousAssignments: number[] | undefined;
  let callCount = 0;
  let openCount = 0;
  let nestedDefinition = false;
  let globals: number[] | undefined;
  let nameCount = 0;
  let doubleQuotes = 0;
  let singleQuotes = 0;
  let hasError = false;
  /** Per name, the ranges where a binding made in this statement is surely the current one. */
  let covered: Map<string, [number, number][]> | undefined;
  boundHead = boundCount = 0;
  forgetNames(2 ** 16);
  // Clearing an empty set still allocates: most statements leave it empty.
  if (readsTooStarts.size > 0) readsTooStarts.clear();
  const tally = new BindingTally(source);
  let depth = 0;
  walk: for (;;) {
    // Enter the cursor's node.
    const kind = kindOf(cursor.type);
    let bound: readonly string[] | undefined;
    switch (kind & KIND_MASK) {
      case Kind.Other:
        break;
      case Kind.Error:
        hasError = true;
        for (let open = 0; open < openCount; open++) {
          const from = openAssignments[open] - base;
          erroneousAssignments ??= [];
          if (!erroneousAssignments.includes(from)) erroneousAssignments.push(from);
        }
        break;
      case Kind.VariableName: {
        const from = cursor.from;
        walkIds[nameCount] = nameId(source, from, cursor.to);
        walkStarts[nameCount] = from;
        walkUses[nameCount++] = boundCount === boundHead || !takeBound(from) ? WALK_READ : readsTooStarts.size > 0 && readsTooStarts.has(from) ? WALK_BOUND_AND_READ : WALK_BOUND;
        break;
      }
      case Kind.Import: {
        const node = cursor.node;
        for (const found of readImport(node, source)) (imports ??= []).push(found.appendAt === undefined ? found : { ...found, appendAt: found.appendAt - base });
        markDescendantNames(node);
        break;
      }
      case Kind.String: {
        const to = cursor.to;
        let at = cursor.from;
        while (at < to && STRING_PREFIXES.has(source.charCodeAt(at))) at++;
        if (at < to && source.charCodeAt(at) === CHAR_DOUBLE_QUOTE) doubleQuotes++;
        else singleQuotes++;
        break;
      }
      case Kind.Assign: {
        bound = assignedNames(cursor, source);
        const from = cursor.from;
        openAssignments[openCount++] = from;
        // Inside a block, what follows an assignment in that block reads the value it bound.
        if (from !== base && depth > 0 && bodyEnds[depth - 1] >= 0) covered = cover(covered, bound, cursor.to, bodyEnds[depth - 1]);
        break;
      }
      case Kind.Update:
      case Kind.Named: {
        // `n += 1` reads `n` before it binds it.
        bound = firstChildName(cursor, source, (kind & KIND_MASK) === Kind.Update);
        break;
      }
      case Kind.For: {
        const body = forParts(cursor, source);
        bound = body.targets;
        if (body.to >= 0) covered = cover(covered, bound, body.from, body.to);
        break;
      }
      case Kind.WithOrTry:
        bound = namesAfterAs(cursor, source);
        break;
      case Kind.Definition: {
        bound = definedName(cursor, source);
        if (cursor.from !== base) nestedDefinition = true;
        break;
      }
      case Kind.Lambda:
        nestedDefinition = true;
        break;
      case Kind.Parameters:
        markParameters(cursor);
        break;
      case Kind.Scope:
        for (const node of descendants(cursor.node)) if (node.name === 'VariableName') (globals ??= []).push(nameId(source, node.from, node.to));
        break;
      case Kind.Call: {
        const name = calleeName(cursor, source);
        if (name >= 0) walkCalls[callCount++] = name;
        break;
      }
      case Kind.Comprehension:
        markComprehensionTargets(cursor);
        break;
      default:
        break;
    }
    if (kind & TALLIED) tally.enter(cursor, bound);
    const bodyEnd = (kind & KIND_MASK) === Kind.Body ? cursor.to : -1;
    if (cursor.firstChild()) {
      kindsAbove[depth] = kind;
      bodyEnds[depth++] = bodyEnd;
      continue;
    }
    // Leave nodes until one has a next sibling, or the statement is left.
    for (let left = kind; ; left = kindsAbove[depth]) {
      if (left & TALLIED) tally.leave(cursor);
      if ((left & KIND_MASK) === Kind.Assign) openCount--;
      if (depth === 0) break walk;
      if (cursor.nextSibling()) break;
      cursor.parent();
      depth--;
    }
  }

  const definition = DEFINITIONS.has(statement.name);
  const { count: counts, unstable } = tally;
  let binds = NO_NAMES;
  if (counts || unstable) {
    const all: string[] = [];
    if (counts) for (const name of counts.keys()) all.push(name);
    if (unstable) for (const name of unstable) if (!counts?.has(name)) all.push(name);
    binds = all;
  }
  // Only a plain assignment or a definition surely replaces a name: a loop may run zero times.
  let replaces = NO_NAMES;
  if (counts && (definition || statement.name === 'AssignStatement')) {
    const once: string[] = [];
    // binds lists the counted names first, in their order.
    for (const name of binds) if (counts.get(name) === 1 && !unstable?.has(name)) once.push(name);
    // Most often every name it binds (`x = …`): one list serves both.
    if (once.length === binds.length) replaces = binds;
    else if (once.length > 0) replaces = once;
  }

  // Lists that come out the same as another share it: most statements read every name they mention.
  const mentions = uniqueNames(walkIds, nameCount);
  let reads: readonly string[];
  let free = NO_NAMES;
  if (definition) {
    // A definition binds its own name now; its body runs later, with the names it does not bind itself.
    // Its locals: the names it binds somewhere, but for those it declares global.
    const locals = newPass();
    for (let i = 0; i < nameCount; i++) if (walkUses[i] !== WALK_READ) nameStamps[walkIds[i]] = locals;
    for (const id of globals ?? []) if (nameStamps[id] === locals) nameStamps[id] = 0;
    let everyName = true;
    for (let i = 0; i < nameCount; i++) {
      const kept = nameStamps[walkIds[i]] !== locals;
      walkKept[i] = kept;
      if (!kept) everyName = false;
    }
    free = everyName ? mentions : uniqueNames(walkIds, nameCount, walkKept);
    reads = free;
  } else {
    // A name read where none of this statement's own bindings surely holds takes its value from before.
    let everyName = true;
    for (let i = 0; i < nameCount; i++) {
      const kept = walkUses[i] !== WALK_BOUND && !(covered && isCovered(covered, nameTexts[walkIds[i]], walkStarts[i]));
      walkKept[i] = kept;
      if (!kept) everyName = false;
    }
    reads = everyName ? mentions : uniqueNames(walkIds, nameCount, walkKept);
    if (nestedDefinition) free = mentions;
  }
  const called = uniqueNames(walkCalls, callCount);
  return {
    imports: imports ?? NO_IMPORTS,
    doubleQuotes,
    singleQuotes,
    hasError,
    erroneousAssignments: erroneousAssignments ?? NO_POSITIONS,
    called,
    mentions,
    reads,
    free,
    bindCounts: counts ?? NO_COUNTS,
    unstable: unstable ?? NO_NAME_SET,
    binds,
    replaces,
  };
}

/** The texts of the first `count` of `ids` (those `keep` keeps, by index), each once, in order; NO_NAMES when none. */
function uniqueNames(ids: readonly number[], count: number, keep?: readonly boolean[]): readonly string[] {
  let kept: string[] | undefined;
  const seen = newPass();
  for (let i = 0; i < count; i++) {
    const id = ids[i];
    if ((keep && !keep[i]) || nameStamps[id] === seen) continue;
    nameStamps[id] = seen;
    (kept ??= []).push(nameTexts[id]);
  }
  return kept ?? NO_NAMES;
}

/** The text source[from, to), as the one string of its name. */
function nameText(source: string, from: number, to: number): string {
  return nameTexts[nameId(source, from, to)];
}

function isCovered(covered: Map<string, [number, number][]>, name: string, from: number): boolean {
  return covered.get(name)?.some(([start, end]) => from >= start && from <= end) ?? false;
}

function cover(covered: Map<string, [number, number][]> | undefined, names: readonly string[], from: number, to: number): Map<string, [number, number][]> | undefined {
  for (const name of names) {
    covered ??= new Map();
    const ranges = covered.get(name);
    if (ranges) ranges.push([from, to]);
    else covered.set(name, [[from, to]]);
  }
  return covered;
}

// Readers of the node at the cursor, by its children: each leaves the cursor where it found it,
// and marks the names it finds bound (markBound) as it reads them.

const scratchStarts: number[] = [];

/** The VariableName targets of `a = b = value` and `a, b = value`: the names before its last `=` (assignmentTargets). */
function assignedNames(cursor: TreeCursor, source: string): readonly string[] {
  if (!cursor.firstChild()) return NO_NAMES;
  let names: string[] | undefined;
  let assigned = 0;
  do {
    const kind = kindOf(cursor.type) & KIND_MASK;
    if (kind === Kind.AssignOp) assigned = names?.length ?? 0;
    else if (kind === Kind.VariableName) {
      (names ??= []).push(nameText(source, cursor.from, cursor.to));
      scratchStarts[names.length - 1] = cursor.from;
    }
  } while (cursor.nextSibling());
  cursor.parent();
  if (!names || assigned === 0) return NO_NAMES;
  names.length = assigned;
  for (let i = 0; i < assigned; i++) markBound(scratchStarts[i]);
  return names;
}

/** The first child's name when it is a VariableName (the target of `n += 1` or `n := …`), marked bound. */
function firstChildName(cursor: TreeCursor, source: string, readsToo: boolean): readonly string[] {
  if (!cursor.firstChild()) return NO_NAMES;
  const from = cursor.from;
  // `n += 1` reads `n` before it binds it.
  if (readsToo) readsTooStarts.add(from);
  let names = NO_NAMES;
  if ((kindOf(cursor.type) & KIND_MASK) === Kind.VariableName) {
    markBound(from);
    names = [nameText(source, from, cursor.to)];
  }
  cursor.parent();
  return names;
}

/** A `for` statement's VariableName targets (between `for` and `in`), and its first Body's range (`to` -1 without one). */
function forParts(cursor: TreeCursor, source: string): { targets: readonly string[]; from: number; to: number } {
  let targets: string[] | undefined;
  let from = -1;
  let to = -1;
  if (cursor.firstChild()) {
    let inTargets = true;
    // The first child is the `for` keyword.
    while (cursor.nextSibling()) {
      const kind = kindOf(cursor.type) & KIND_MASK;
      if (kind === Kind.In) inTargets = false;
      if (inTargets && kind === Kind.VariableName) {
        markBound(cursor.from);
        (targets ??= []).push(nameText(source, cursor.from, cursor.to));
      } else if (kind === Kind.Body && to < 0) {
        from = cursor.from;
        to = cursor.to;
      }
    }
    cursor.parent();
  }
  return { targets: targets ?? NO_NAMES, from, to };
}

/** The VariableNames right after an `as` (`with … as f`, `except E as e`). */
function namesAfterAs(cursor: TreeCursor, source: string): readonly string[] {
  if (!cursor.firstChild()) return NO_NAMES;
  let names: string[] | undefined;
  let afterAs = false;
  do {
    const kind = kindOf(cursor.type) & KIND_MASK;
    if (afterAs && kind === Kind.VariableName) {
      markBound(cursor.from);
      (names ??= []).push(nameText(source, cursor.from, cursor.to));
    }
    afterAs = kind === Kind.As;
  } while (cursor.nextSibling());
  cursor.parent();
  return names ?? NO_NAMES;
}

/** A function's or class's name (its first VariableName child). */
function definedName(cursor: TreeCursor, source: string): readonly string[] {
  if (!cursor.firstChild()) return NO_NAMES;
  let names = NO_NAMES;
  do {
    if ((kindOf(cursor.type) & KIND_MASK) === Kind.VariableName) {
      markBound(cursor.from);
      names = [nameText(source, cursor.from, cursor.to)];
      break;
    }
  } while (cursor.nextSibling());
  cursor.parent();
  return names;
}

/** Marks a ParamList's parameter names: not the default values after `=`. */
function markParameters(cursor: TreeCursor): void {
  if (!cursor.firstChild()) return;
  let afterAssign = false;
  do {
    const kind = kindOf(cursor.type) & KIND_MASK;
    if (kind === Kind.VariableName && !afterAssign) markBound(cursor.from);
    afterAssign = kind === Kind.AssignOp;
  } while (cursor.nextSibling());
  cursor.parent();
}

/** Marks the names between each `for` and its `in` in a comprehension. */
function markComprehensionTargets(cursor: TreeCursor): void {
  if (!cursor.firstChild()) return;
  let inTargets = false;
  do {
    const kind = kindOf(cursor.type) & KIND_MASK;
    if (kind === Kind.ForKeyword) inTargets = true;
    else if (kind === Kind.In) inTargets = false;
    else if (inTargets && kind === Kind.VariableName) markBound(cursor.from);
  } while (cursor.nextSibling());
  cursor.parent();
}

/** The id of the name a call calls, -1 for none: `f` of `f(…)`, `f` of `a.b.f(…)` (the PropertyName lastChildNamed finds). */
function calleeName(cursor: TreeCursor, source: string): number {
  if (!cursor.firstChild()) return -1;
  let name = -1;
  const kind = kindOf(cursor.type) & KIND_MASK;
  if (kind === Kind.VariableName || kind === Kind.PropertyName) name = nameId(source, cursor.from, cursor.to);
  else if (kind === Kind.MemberExpression && cursor.firstChild()) {
    // The last child when it is a PropertyName, else the first PropertyName child, if any.
    let first = -1;
    let firstEnd = -1;
    let last: boolean;
    do {
      last = (kindOf(cursor.type) & KIND_MASK) === Kind.PropertyName;
      if (last && first < 0) {
        first = cursor.from;
        firstEnd = cursor.to;
      }
    } while (cursor.nextSibling());
    if (last) name = nameId(source, cursor.from, cursor.to);
    else if (first >= 0) name = nameId(source, first, firstEnd);
    cursor.parent();
  }
  cursor.parent();
  return name;
}

/** Marks the VariableNames inside an import statement bound. */
function markDescendantNames(node: SyntaxNode): void {
  for (const found of descendants(node)) if (found.name === 'VariableName') markBound(found.from);
}

function descendants(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor: TreeCursor = node.cursor();
  cursor.iterate((ref) => {
    if (ref.from !== node.from || ref.to !== node.to || ref.name !== node.name) found.push(ref.node);
  });
  return found;
}

/**
 * Statement indices in groups, each in source order: a statement joins the statements whose
 * bindings of a name may reach it (the last one that replaced the name, and every conditional
 * binding since), and a definition joins every binding of the names its body reads.
 */
export function groupStatements(statements: readonly TopStatement[]): number[][] {
  const sets = new StatementSets(statements.length);
  /** Per name: the statements that bind it, and those whose binding of it may still be the current one. */
  const byName = new Map<string, NameBindings>();
  for (let index = 0; index < statements.length; index++) {
    const { reads, binds, replaces } = statements[index].facts;
    // A long list (`a1, …, a99 = …`) is looked through by a set.
    const replaced = replaces.length > 16 ? new Set(replaces) : undefined;
    for (const name of reads) {
      const reaching = byName.get(name)?.reaching;
      if (reaching) for (const binder of reaching) sets.join(index, binder);
    }
    for (const name of binds) {
      const bindings = byName.get(name);
      if (!bindings) byName.set(name, { binders: [index], reaching: [index] });
      else {
        bindings.binders.push(index);
        if (replaced ? replaced.has(name) : replaces.includes(name)) bindings.reaching = [index];
        else bindings.reaching.push(index);
      }
    }
  }
  for (let index = 0; index < statements.length; index++) {
    for (const name of statements[index].facts.free) {
      const binders = byName.get(name)?.binders;
      if (binders) for (const binder of binders) sets.join(index, binder);
    }
  }
  return sets.groups();
}

interface NameBindings {
  binders: number[];
  reaching: number[];
}
