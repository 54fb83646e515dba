// JavaScript/TypeScript tree → FileIR: TF.js imports, the file's quote style, then the models.

import type { Tree } from '@lezer/common';
import type { FileIR, ImportBinding, Language } from '../../ir';
import { NameResolver, readImportDeclaration, readRequireDeclaration } from './syntax';
import { TfjsExtractor } from './tfjs';

export function extractTfjsFile(source: string, language: Exclude<Language, 'python'>, tree: Tree): FileIR {
  const imports: ImportBinding[] = [];
  let doubleQuotes = 0;
  let singleQuotes = 0;
  let syntaxErrors = false;
  // One walk: imports and requires, the file's quote style and whether the parser had to recover.
  tree.iterate({
    enter(node) {
      if (node.type.isError) syntaxErrors = true;
      if (node.name === 'ImportDeclaration') {
        imports.push(...readImportDeclaration(node.node, source));
        return false;
      }
      if (node.name === 'VariableDeclaration') imports.push(...readRequireDeclaration(node.node, source));
      if (node.name === 'String') {
        if (source[node.from] === '"') doubleQuotes++;
        else singleQuotes++;
      }
      return undefined;
    },
  });
  const models = new TfjsExtractor(source, new NameResolver(imports, source)).extract(tree);
  return { language, models, imports, quote: doubleQuotes > singleQuotes ? '"' : "'", hasSyntaxErrors: syntaxErrors };
}
