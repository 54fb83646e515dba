// Syntax tree → FileIR, one extractor per framework family.

import type { Tree } from '@lezer/common';
import { parseSource } from '../parse';
import type { FileIR, ImportBinding, Language } from '../ir';
import { KerasExtractor } from './python/keras';
import { TorchExtractor } from './python/torch/extractor';
import { extractTfjsFile } from './tfjs';
import { scanPythonFile } from './python/file-scan';
import { NameResolver } from './python/syntax';

export function extractFile(source: string, language: Language, tree: Tree = parseSource(source, language)): FileIR {
  if (language !== 'python') return extractTfjsFile(source, language, tree);
  const scan = scanPythonFile(tree, source);
  const names = new NameResolver(scan.imports, source);
  const models = new KerasExtractor(source, names, scan.erroneousAssignments, scan.calledNames).extract(tree);
  // PyTorch is read only where the file imports it: a Keras file pays nothing for it.
  if (importsTorch(scan.imports)) {
    models.push(...new TorchExtractor(source, names, scan.imports, scan.erroneousAssignments, scan.calledNames).extract(tree));
    models.sort((a, b) => a.span.from - b.span.from);
  }
  return { language, models, imports: scan.imports, quote: scan.quote, hasSyntaxErrors: scan.hasSyntaxErrors };
}

function importsTorch(imports: readonly ImportBinding[]): boolean {
  return imports.some((binding) => binding.path === 'torch' || binding.path.startsWith('torch.'));
}
