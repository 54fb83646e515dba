// A Python module read for extraction: its top-level statements, their groups, and the file-wide
// facts every group is extracted with. Keras-only modules are extracted group by group, so an
// edit re-extracts only the group it touched (analyze.ts); a module that imports PyTorch is
// extracted whole (its fixes and `apply` calls reach across statements).

import type { Tree } from '@lezer/common';
import type { ImportBinding, ModelIR } from '../../ir';
import { sumStatements, type PythonFileScan } from './file-scan';
import { KerasExtractor } from './keras';
import { isKerasFamilyPath } from './keras-names';
import { groupStatements, topStatements, type FactsMemo, type TopStatement } from './statement-groups';
import { NameResolver } from './syntax';
import { TorchExtractor } from './torch/extractor';

export interface PythonModule {
  tree: Tree;
  statements: TopStatement[];
  /** Statement indices, each group in source order; empty when the module is extracted whole. */
  groups: number[][];
  scan: PythonFileScan;
  names: NameResolver;
  /** Module-level names bound more than once or conditionally, over the whole file. */
  unstable: Set<string>;
  /**
   * The names the file's imports bind to Keras-family modules and symbols, undefined after a star
   * import from one (any name may then be one): a group that mentions none of them makes no model.
   */
  frameworkNames?: Set<string>;
  torch: boolean;
}

export function readPythonModule(tree: Tree, source: string, memo?: FactsMemo, nextMemo?: FactsMemo): PythonModule {
  const statements = topStatements(tree.topNode, source, memo, nextMemo);
  const scan = sumStatements(statements);
  const torch = importsTorch(scan.imports);
  const counts = new Map<string, number>();
  const unstable = new Set<string>();
  for (const { facts } of statements) {
    // Most statements bind nothing: their empty map and set are skipped without an iterator.
    if (facts.unstable.size > 0) for (const name of facts.unstable) unstable.add(name);
    // Every name it counts is among those it binds.
    if (facts.bindCounts.size > 0) {
      for (const name of facts.binds) {
        const count = facts.bindCounts.get(name);
        if (count === undefined) continue;
        const total = (counts.get(name) ?? 0) + count;
        counts.set(name, total);
        if (total > 1) unstable.add(name);
      }
    }
  }
  const frameworkImports = scan.imports.filter((binding) => isKerasFamilyPath(binding.path));
  const frameworkNames = frameworkImports.some((binding) => binding.local === '*') ? undefined : new Set(frameworkImports.map((binding) => binding.local));
  const groups = torch ? [] : groupStatements(statements);
  return { tree, statements, groups, scan, names: new NameResolver(scan.imports, source), unstable, frameworkNames, torch };
}

/** The models of the whole module, group by group unless it is extracted whole. */
export function extractModule(module: PythonModule, source: string): ModelIR[] {
  const { scan, names, tree } = module;
  if (!module.torch) return module.groups.flatMap((group) => extractGroup(module, source, group)).sort((a, b) => a.span.from - b.span.from);
  const models = new KerasExtractor(source, names, scan.erroneousAssignments, scan.calledNames).extract(tree);
  models.push(...new TorchExtractor(source, names, scan.imports, scan.erroneousAssignments, scan.calledNames).extract(tree));
  return models.sort((a, b) => a.span.from - b.span.from);
}

/** One group's models: its statements run as a module of their own, calling only the names they call. */
export function extractGroup(module: PythonModule, source: string, group: readonly number[]): ModelIR[] {
  const statements = group.map((index) => module.statements[index]);
  // Every Keras-family symbol is reached through a name an import bound: without one, the
  // group's code (data loading, training loops, plain helpers) cannot build a layer.
  const { frameworkNames } = module;
  if (frameworkNames && !statements.some(({ facts }) => mentionsAny(facts.mentions, frameworkNames))) return [];
  // Asked only of the group's definitions, and most groups have none: looked up in each statement's list, no set built.
  const calledNames = { has: (name: string) => statements.some(({ facts }) => facts.called.includes(name)) };
  const extractor = new KerasExtractor(source, module.names, module.scan.erroneousAssignments, calledNames);
  return extractor.extract(module.tree, { statements: statements.map(({ node }) => node), unstable: module.unstable });
}

/**
 * Which of the names a group's statements read or bind the whole file binds more than once: what
 * its extraction depends on beside its statements and the file's imports.
 */
export function unstableNamesOf(module: PythonModule, group: readonly number[]): string {
  const fileUnstable = module.unstable;
  if (fileUnstable.size === 0) return '';
  // Most groups hold none: nothing is allocated until one turns up.
  let unstable: Set<string> | undefined;
  for (const index of group) {
    const { facts } = module.statements[index];
    for (const name of facts.reads) if (fileUnstable.has(name)) (unstable ??= new Set()).add(name);
    for (const name of facts.binds) if (fileUnstable.has(name)) (unstable ??= new Set()).add(name);
  }
  if (!unstable) return '';
  return [...unstable].sort().join(' ');
}

/** Whether one of a statement's mentioned names is among `names` (the file's framework names). */
function mentionsAny(mentions: readonly string[], names: ReadonlySet<string>): boolean {
  for (const name of mentions) if (names.has(name)) return true;
  return false;
}

function importsTorch(imports: readonly ImportBinding[]): boolean {
  return imports.some((binding) => binding.path === 'torch' || binding.path.startsWith('torch.'));
}
