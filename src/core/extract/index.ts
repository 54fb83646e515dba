// Syntax tree → FileIR, one extractor per framework family.

import type { Tree } from '@lezer/common';
import { parseSource } from '../parse';
import type { FileIR, Language } from '../ir';
import { KerasExtractor } from './python/keras';
import { extractTfjsFile } from './tfjs';
import { scanPythonFile } from './python/file-scan';
import { NameResolver } from './python/syntax';

export function extractFile(source: string, language: Language, tree: Tree = parseSource(source, language)): FileIR {
  if (language !== 'python') return extractTfjsFile(source, language, tree);
  const scan = scanPythonFile(tree, source);
  const extractor = new KerasExtractor(source, new NameResolver(scan.imports, source), scan.erroneousAssignments, scan.calledNames);
  return { language, models: extractor.extract(tree), imports: scan.imports, quote: scan.quote, hasSyntaxErrors: scan.hasSyntaxErrors };
}
