// Parsing with Lezer: error-tolerant trees for half-typed code.

import type { Tree, SyntaxNode, TreeFragment } from '@lezer/common';
import { parser as javascriptParser } from '@lezer/javascript';
import { parser as pythonParser } from '@lezer/python';
import type { Language } from '../ir';

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

/** True when the tree holds error nodes (the parser recovered from a syntax error). */
export function hasSyntaxErrors(tree: Tree): boolean {
  let found = false;
  tree.iterate({
    enter(node) {
      if (found) return false;
      if (node.type.isError) found = true;
      return undefined;
    },
  });
  return found;
}

/** Source text of a node. */
export function textOf(source: string, node: { from: number; to: number }): string {
  return source.slice(node.from, node.to);
}

/** Children of a node, in order. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}
