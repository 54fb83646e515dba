// Syntax tree → FileIR, one extractor per framework family.

import type { Tree } from '@lezer/common';
import { parseSource } from '../parse';
import type { FileIR, Language, ModelIR } from '../ir';
import { extractModule, readPythonModule, type PythonModule } from './python/module';
import { extractTfjsFile } from './tfjs';

export { extractGroup, extractModule, groupKey, readPythonModule, type PythonModule } from './python/module';
export type { FactsMemo } from './python/statement-groups';

export function extractFile(source: string, language: Language, tree: Tree = parseSource(source, language)): FileIR {
  if (language !== 'python') return extractTfjsFile(source, language, tree);
  const module = readPythonModule(tree, source);
  return pythonFile(module, extractModule(module, source));
}

export function pythonFile(module: PythonModule, models: ModelIR[]): FileIR {
  const { imports, quote, hasSyntaxErrors } = module.scan;
  return { language: 'python', models, imports, quote, hasSyntaxErrors };
}
