// What the Python and TF.js readers of statement groups share: facts kept by statement text,
// and joining a module's top-level statements into groups (union-find).

import type { SyntaxNode } from '@lezer/common';

/**
 * Facts of top-level statements by node type, then text. A statement text has one facts object
 * for as long as it is remembered, so two analyses compare statements by object identity.
 */
export class StatementMemo<Facts> {
  private readonly byType = new Map<string, Map<string, Facts>>();

  get(type: string, text: string): Facts | undefined {
    return this.byType.get(type)?.get(text);
  }

  remember(type: string, text: string, facts: Facts): void {
    let byText = this.byType.get(type);
    if (!byText) this.byType.set(type, (byText = new Map()));
    byText.set(text, facts);
  }
}

/** A module's top-level node (statement, comment or error node) with its text and facts. */
export interface TopNode<Facts> {
  node: SyntaxNode;
  text: string;
  /** One object per node type and text (StatementMemo): statements are the same when their facts are. */
  facts: Facts;
}

/**
 * The module's top-level nodes with their facts: those of a text met before (in the previous
 * analysis, `memo`, or earlier in this one) are taken as they are, the others read by `read`;
 * every one is remembered in `nextMemo`.
 */
export function topNodes<Facts>(top: SyntaxNode, source: string, read: (node: SyntaxNode, source: string) => Facts, memo?: StatementMemo<Facts>, nextMemo?: StatementMemo<Facts>): TopNode<Facts>[] {
  const statements: TopNode<Facts>[] = [];
  for (let node = top.firstChild; node; node = node.nextSibling) {
    const text = source.slice(node.from, node.to);
    const facts = memo?.get(node.name, text) ?? nextMemo?.get(node.name, text) ?? read(node, source);
    nextMemo?.remember(node.name, text, facts);
    statements.push({ node, text, facts });
  }
  return statements;
}

export class StatementSets {
  private readonly parent: number[];

  constructor(count: number) {
    this.parent = Array.from({ length: count }, (_, index) => index);
  }

  private find(index: number): number {
    const parent = this.parent;
    while (parent[index] !== index) index = parent[index] = parent[parent[index]];
    return index;
  }

  join(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  }

  /** Statement indices by group, each group in source order, groups by their first statement. */
  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let index = 0; index < this.parent.length; index++) {
      const root = this.find(index);
      const group = byRoot.get(root);
      if (group) group.push(index);
      else byRoot.set(root, [index]);
    }
    return [...byRoot.values()];
  }
}

/** Groups of statements that mention a common name (`names[i]`: the names statement i mentions). */
export function unionGroups(names: readonly (readonly string[])[]): number[][] {
  const sets = new StatementSets(names.length);
  const first = new Map<string, number>();
  names.forEach((mentioned, index) => {
    for (const name of mentioned) {
      const earlier = first.get(name);
      if (earlier === undefined) first.set(name, index);
      else sets.join(earlier, index);
    }
  });
  return sets.groups();
}
