// Joining a module's top-level statements into groups (union-find), shared by the Python and
// TF.js readers of statement groups.

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
