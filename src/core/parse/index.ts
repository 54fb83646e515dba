// Parsing with Lezer: error-tolerant trees for half-typed code.

import type { Tree, SyntaxNode, TreeFragment } from '@lezer/common';
import { parser as javascriptParser } from '@lezer/javascript';
import { parser as pythonParser } from '@lezer/python';
import type { Language, Span } from '../ir';

export type { Tree, SyntaxNode, TreeFragment };

const typescriptParser = javascriptParser.configure({ dialect: 'ts' });

/** Parses `text`; `fragments` of an earlier tree of the same document make it incremental. */
export function parseSource(text: string, language: Language, fragments?: readonly TreeFragment[]): Tree {
  switch (language) {
    case 'python':
      return pythonParser.parse(text, fragments);
    case 'typescript':
      return typescriptParser.parse(text, fragments);
    case 'javascript':
      return javascriptParser.parse(text, fragments);
  }
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
