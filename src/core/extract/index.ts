// Syntax tree → FileIR, one extractor per framework family. Keras and TF.js modules are read as
// groups of top-level statements (a GroupedProgram) that analyze() can carry over an edit.

import type { SyntaxNode, Tree } from '@lezer/common';
import { parseSource } from '../parse';
import type { FileIR, Language, ModelIR } from '../ir';
import { extractGroup, extractModule, readPythonModule, unstableNamesOf, type PythonModule } from './python/module';
import type { FactsMemo } from './python/statement-groups';
import { StatementMemo } from './statement-union';
import { extractTfjsGroup, readTfjsProgram, tfjsFile, type TfjsFactsMemo, type TfjsProgram } from './tfjs/program';

export { readPythonModule, type PythonModule } from './python/module';

/** A module extracted group by group: each group's models depend only on its statements and the context. */
export interface GroupedProgram {
  statements: readonly { node: SyntaxNode; text: string; facts: object }[];
  /** Statement indices, each group in source order. */
  groups: readonly (readonly number[])[];
  /** What every group's models and findings also depend on: the statements that import, and the quote style fixes write. */
  contextKey: string;
  /**
   * What one group's models depend on beside the context and its statements' texts (whose facts
   * objects stand for them): for Python, the names of the group the whole file binds more than once.
   */
  groupSetting(group: readonly number[]): string;
  extractGroup(group: readonly number[]): ModelIR[];
  file(models: ModelIR[]): FileIR;
}

/** Statement facts by statement text, per language, carried from one analysis of a document to the next. */
export interface StatementMemos {
  python?: FactsMemo;
  tfjs?: TfjsFactsMemo;
}

/** A grouped program, or a file extracted whole (a module that imports PyTorch). */
export type ProgramRead = { grouped: GroupedProgram; file?: undefined } | { grouped?: undefined; file: FileIR };

export function readProgram(tree: Tree, source: string, language: Language, memos: StatementMemos = {}, next: StatementMemos = {}): ProgramRead {
  if (language !== 'python') {
    next.tfjs = new StatementMemo();
    const program = readTfjsProgram(tree, source, language, memos.tfjs, next.tfjs);
    return { grouped: tfjsGrouped(program, source) };
  }
  next.python = new StatementMemo();
  const module = readPythonModule(tree, source, memos.python, next.python);
  if (module.torch) return { file: pythonFile(module, extractModule(module, source)) };
  return { grouped: pythonGrouped(module, source) };
}

export function extractFile(source: string, language: Language, tree: Tree = parseSource(source, language)): FileIR {
  const { grouped, file } = readProgram(tree, source, language);
  if (file) return file;
  return grouped.file(grouped.groups.flatMap((group) => grouped.extractGroup(group)).sort((a, b) => a.span.from - b.span.from));
}

function contextKeyOf(quote: string, statements: readonly { text: string; facts: { imports: readonly unknown[] } }[]): string {
  return `${quote}${statements
    .filter(({ facts }) => facts.imports.length > 0)
    .map(({ text }) => text)
    .join('\u0001')}`;
}

function pythonGrouped(module: PythonModule, source: string): GroupedProgram {
  return {
    statements: module.statements,
    groups: module.groups,
    contextKey: contextKeyOf(module.scan.quote, module.statements),
    groupSetting: (group) => unstableNamesOf(module, group),
    extractGroup: (group) => extractGroup(module, source, group),
    file: (models) => pythonFile(module, models),
  };
}

function tfjsGrouped(program: TfjsProgram, source: string): GroupedProgram {
  return {
    statements: program.statements,
    groups: program.groups,
    contextKey: contextKeyOf(program.quote, program.statements),
    groupSetting: () => '',
    extractGroup: (group) => extractTfjsGroup(program, source, group),
    file: (models) => tfjsFile(program, models),
  };
}

function pythonFile(module: PythonModule, models: ModelIR[]): FileIR {
  const { imports, quote, hasSyntaxErrors } = module.scan;
  return { language: 'python', models, imports, quote, hasSyntaxErrors };
}
