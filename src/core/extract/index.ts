// Syntax tree → FileIR, one extractor per framework family.

import type { Tree } from '@lezer/common';
import { parseSource } from '../parse';
import type { FileIR, ImportBinding, Language } from '../ir';
import { KerasExtractor } from './python/keras';
import { extractTfjsFile } from './tfjs';
import { NameResolver, quoteOf, readImport } from './python/syntax';

export function extractFile(source: string, language: Language, tree: Tree = parseSource(source, language)): FileIR {
  if (language !== 'python') return extractTfjsFile(source, language, tree);
  const imports: ImportBinding[] = [];
  let doubleQuotes = 0;
  let singleQuotes = 0;
  let syntaxErrors = false;
  // One walk: imports, the file's quote style and whether the parser had to recover.
  tree.iterate({
    enter(node) {
      if (node.type.isError) syntaxErrors = true;
      if (node.name === 'ImportStatement') {
        imports.push(...readImport(node.node, source));
        return undefined;
      }
      if (node.name === 'String') {
        if (quoteOf(source.slice(node.from, node.to)) === '"') doubleQuotes++;
        else singleQuotes++;
      }
      return undefined;
    },
  });
  const models = new KerasExtractor(source, new NameResolver(imports, source)).extract(tree);
  return { language, models, imports, quote: doubleQuotes > singleQuotes ? '"' : "'", hasSyntaxErrors: syntaxErrors };
}
