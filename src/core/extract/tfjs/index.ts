// JavaScript/TypeScript tree → FileIR: TF.js imports, the file's quote style, then the models.

import type { Tree } from '@lezer/common';
import type { FileIR, Language } from '../../ir';
import { walkFile } from './scopes';
import { NameResolver } from './syntax';
import { TfjsExtractor } from './tfjs';

export function extractTfjsFile(source: string, language: Exclude<Language, 'python'>, tree: Tree): FileIR {
  // One walk: imports and requires, the file's quote style, parser recovery and every scope's calls and constants.
  const { imports, doubleQuotes, singleQuotes, syntaxErrors, scopes } = walkFile(tree, source);
  const models = new TfjsExtractor(source, new NameResolver(imports, source)).extract(scopes);
  return { language, models, imports, quote: doubleQuotes > singleQuotes ? '"' : "'", hasSyntaxErrors: syntaxErrors };
}
