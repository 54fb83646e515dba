// What the Python and TF.js readers of statement groups share: facts kept by statement text,
// and joining a module's top-level statements into groups (union-find).

import type { SyntaxNode, TreeCursor } from '@lezer/common';

/**
 * Facts of top-level statements by node type, then text. A statement text has one facts object
 * for as long as it is remembered, so two analyses compare statements by object identity.
 */
export class StatementMemo<Facts> {
  private readonly byType = new Map<string, Map<string, Facts>>();

  get(type: string, text: string): Facts | undefined {
    return this.byType.get(type)?.get(text);
  }

  /** The facts by text of one node type, made empty when there are none yet. */
  textsOf(type: string): Map<string, Facts> {
    let byText = this.byType.get(type);
    if (!byText) this.byType.set(type, (byText = new Map()));
    return byText;
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
export function topNodes<Facts>(
  top: SyntaxNode,
  source: string,
  read: (node: SyntaxNode, source: string, cursor: TreeCursor) => Facts,
  memo?: StatementMemo<Facts>,
  nextMemo?: StatementMemo<Facts>,
): TopNode<Facts>[] {
  const statements: TopNode<Facts>[] = [];
  // A cursor steps over the top-level nodes in half the time `nextSibling` takes.
  const cursor = top.cursor();
  if (!cursor.firstChild()) return statements;
  do {
    const node = cursor.node;
    const text = source.slice(node.from, node.to);
    const type = node.name;
    const remembered = nextMemo?.textsOf(type);
    const known = memo?.get(type, text);
    // Met earlier in this analysis: remembered already.
    const earlier = known === undefined ? remembered?.get(text) : undefined;
    const facts = known ?? earlier ?? read(node, source, cursor);
    if (earlier === undefined) remembered?.set(text, facts);
    statements.push({ node, text, facts });
  } while (cursor.nextSibling());
  return statements;
}

export class StatementSets {
  private readonly parent: Int32Array;

  constructor(count: number) {
    this.parent = new Int32Array(count);
    for (let index = 0; index < count; index++) this.parent[index] = index;
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
    const groups: number[][] = [];
    // A group's root is its first statement (join keeps the smaller root): met before the others.
    const groupOfRoot = new Int32Array(this.parent.length);
    for (let index = 0; index < this.parent.length; index++) {
      const root = this.find(index);
      if (root === index) {
        groupOfRoot[index] = groups.length;
        groups.push([index]);
      } else groups[groupOfRoot[root]].push(index);
    }
    return groups;
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
