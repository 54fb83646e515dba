// Parsing with Lezer: error-tolerant trees for half-typed code.

import { Tree, type SyntaxNode, type TreeBuffer, type TreeFragment } from '@lezer/common';
import { parser as javascriptParser } from '@lezer/javascript';
import { parser as pythonParser } from '@lezer/python';
import type { Language, Span } from '../ir';

export type { Tree, SyntaxNode, TreeFragment };

const typescriptParser = javascriptParser.configure({ dialect: 'ts' });

/**
 * Parses `text`; `fragments` of an earlier tree of the same document make it incremental. Lezer
 * builds its trees recursively, so thousands of nested brackets overflow the stack: the lines
 * that nest that deep are blanked (offsets kept) and the rest of the file is parsed.
 */
export function parseSource(text: string, language: Language, fragments?: readonly TreeFragment[]): Tree {
  // Past Lezer's own depth limit its trees can also come out broken (a node without a type), so
  // such lines are blanked before parsing, not only after a failure.
  const flattened = blankDeepNesting(text);
  if (flattened !== text) return parseWith(flattened, language);
  try {
    return parseWith(text, language, fragments);
  } catch (error) {
    // Deep nesting the bracket count does not see (unary or right-associative chains): the same fallback.
    if (!(error instanceof RangeError)) throw error;
    throw new RangeError(`the parser ran out of stack on this file (${error.message}): it nests too deeply`, { cause: error });
  }
}

/** Nesting deeper than this is not real code; Lezer itself copes with a few thousand levels. */
const MAX_NESTING = 256;

/**
 * `text` with every line blanked (newlines kept) from the one where brackets first nest deeper
 * than MAX_NESTING to the one where they close again; `text` itself when none does. Brackets are
 * counted as characters, strings and comments included: no real code comes near the limit.
 */
export function blankDeepNesting(text: string): string {
  const blank: [number, number][] = [];
  let depth = 0;
  let regionStart = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 40 || char === 91 || char === 123) {
      depth++;
      if (depth > MAX_NESTING && regionStart < 0) regionStart = text.lastIndexOf('\n', i) + 1;
    } else if (char === 41 || char === 93 || char === 125) {
      depth = Math.max(0, depth - 1);
    } else if (char === 10 && regionStart >= 0 && depth <= MAX_NESTING) {
      blank.push([regionStart, i]);
      regionStart = -1;
    }
  }
  if (regionStart >= 0) blank.push([regionStart, text.length]);
  if (blank.length === 0) return text;
  let result = '';
  let at = 0;
  for (const [from, to] of blank) {
    result += text.slice(at, from) + text.slice(from, to).replace(/[^\n\r]/g, ' ');
    at = to;
  }
  return result + text.slice(at);
}

function parseWith(text: string, language: Language, fragments?: readonly TreeFragment[]): Tree {
  switch (language) {
    case 'python':
      return parsePython(text, fragments);
    case 'typescript':
      return typescriptParser.parse(text, fragments);
    case 'javascript':
      return javascriptParser.parse(text, fragments);
  }
}

/**
 * Lezer's LR parser forces a reduction once more than 300 large reductions share one start
 * position: a guard against left-associative trees too deep to walk. It counts the module's
 * list of top-level statements too, so a long, valid Python module (seen from about 100 KB)
 * gets error nodes at the top level where nothing is wrong. When the guard is about to fire on a
 * file over 64 KB, the file is parsed again in pieces that start and end at top-level statement
 * boundaries, and the pieces' statements are joined under one `Script` node.
 */
const PIECEWISE_FROM = 64 * 1024;
const PIECE_LENGTH = 32 * 1024;
/** @lezer/lr's `Rec.MaxLeftAssociativeReductionCount`. */
const GUARD_LIMIT = 300;

/** @lezer/lr's parse keeps the guard's counter on the object; it is not in the typings. */
interface GuardedParse {
  advance(): Tree | null;
  bigReductionCount?: number;
}

function parsePython(text: string, fragments?: readonly TreeFragment[]): Tree {
  if (text.length < PIECEWISE_FROM) return pythonParser.parse(text, fragments);
  const parse: GuardedParse = pythonParser.startParse(text, fragments);
  let tree: Tree | null;
  // The guard fires at the next step: stop there, the rest of this parse would be thrown away.
  while (!(tree = parse.advance())) if ((parse.bigReductionCount ?? 0) > GUARD_LIMIT) return parsePythonInPieces(text);
  // Without the counter (another @lezer/lr), top-level error nodes are the sign.
  return parse.bigReductionCount === undefined && hasTopLevelError(tree) ? parsePythonInPieces(text) : tree;
}

/** Top-level error nodes only: that is where the forced reduction leaves them, and the walk stays short. */
function hasTopLevelError(tree: Tree): boolean {
  const cursor = tree.cursor();
  if (!cursor.firstChild()) return false;
  do if (cursor.type.isError) return true;
  while (cursor.nextSibling());
  return false;
}

function parsePythonInPieces(text: string): Tree {
  const children: (Tree | TreeBuffer)[] = [];
  const positions: number[] = [];
  const add = (piece: Tree, offset: number): void => {
    // A piece's own top node is a Script whose children are its statements (or repeat nodes grouping them).
    children.push(...piece.children);
    positions.push(...piece.positions.map((position) => position + offset));
  };
  let offset = 0;
  while (text.length - offset > 2 * PIECE_LENGTH) {
    const window = text.slice(offset, offset + PIECE_LENGTH);
    const cut = pieceEnd(window, pythonParser.parse(window));
    if (cut === undefined) break;
    // Parsed again on its own: a tree cannot be cut at a statement, and reusing the window's tree
    // through fragments gave wrong nesting (Python's indentation context does not survive the cut).
    add(pythonParser.parse(window.slice(0, cut)), offset);
    offset += cut;
  }
  add(pythonParser.parse(text.slice(offset)), offset);
  return new Tree(pythonParser.nodeSet.types[pythonParser.topNode.id], children, positions, text.length);
}

/**
 * Where a piece of `window` (a prefix of the rest of the file) can end: the start of its last
 * top-level statement that begins a line, before the first error node. The window's end cuts a
 * statement short, so what follows its first error cannot be trusted; a genuine syntax error
 * early in the window leaves the last statement start after it as the best place.
 */
function pieceEnd(window: string, tree: Tree): number | undefined {
  let firstError = window.length;
  tree.cursor().iterate((node) => {
    if (node.from >= firstError) return false;
    if (node.type.isError) firstError = node.from;
    return undefined;
  });
  let beforeError: number | undefined;
  let last: number | undefined;
  const cursor = tree.cursor();
  if (cursor.firstChild()) {
    do {
      if (cursor.from === 0 || cursor.type.isError || window.charCodeAt(cursor.from - 1) !== 10) continue;
      if (cursor.from < firstError) beforeError = cursor.from;
      last = cursor.from;
    } while (cursor.nextSibling());
  }
  return beforeError !== undefined && beforeError >= PIECE_LENGTH / 4 ? beforeError : last;
}

/** Snippet trees by language and text; a fix writer reads the same few layer calls again and again. */
const snippetTrees = new Map<string, Tree>();
const SNIPPET_CACHE_SIZE = 4096;
/** Longer texts are parsed every time: they are rare, and their trees would crowd the cache. */
const SNIPPET_MAX_LENGTH = 4096;

/**
 * Parses a short piece of a file (one call, one object literal) on its own. Trees are immutable,
 * so the same text gives the same tree: it is parsed once and kept while it is in use (least
 * recently used snippets are dropped first).
 */
export function parseSnippet(text: string, language: Language): Tree {
  if (text.length > SNIPPET_MAX_LENGTH) return parseSource(text, language);
  const key = `${language}\u0000${text}`;
  let tree = snippetTrees.get(key);
  if (tree) snippetTrees.delete(key);
  else tree = parseSource(text, language);
  snippetTrees.set(key, tree);
  if (snippetTrees.size > SNIPPET_CACHE_SIZE) snippetTrees.delete(snippetTrees.keys().next().value!);
  return tree;
}

/** True when the tree (or the subtree under a node) holds error nodes: the parser recovered from a syntax error. */
export function hasSyntaxErrors(root: Tree | SyntaxNode): boolean {
  let found = false;
  root.cursor().iterate((node) => {
    if (found) return false;
    if (node.type.isError) found = true;
    return undefined;
  });
  return found;
}

/** Source text of a node. */
export function textOf(source: string, node: { from: number; to: number }): string {
  return source.slice(node.from, node.to);
}

/** A node's range. */
export const spanOf = (node: SyntaxNode): Span => ({ from: node.from, to: node.to });

/** The first child named `name`: Lezer's `getChild` without the cursor and array it builds per call (this runs per call expression). */
export function childNamed(node: SyntaxNode, name: string): SyntaxNode | null {
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name === name) return child;
  return null;
}

/** Children of a node, in order. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}
