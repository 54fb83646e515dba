// A TF.js module read for extraction by groups of top-level statements: statements that mention
// a common name (other than an import) are one group, since the extractor follows values from
// call to call by variable name. Each group is extracted as a module of its own, so an edit
// re-extracts only the group it touched (analyze.ts reuses the rest).
//
// What a statement mentions is read once per statement text, with no positions in it: an edit
// walks only the statements it touched.

import type { SyntaxNode, Tree } from '@lezer/common';
import type { FileIR, ImportBinding, Language, ModelIR } from '../../ir';
import { topNodes, unionGroups, type StatementMemo, type TopNode } from '../statement-union';
import { walkStatements } from './scopes';
import { NameResolver, readImportDeclaration, readRequireDeclaration } from './syntax';
import { TfjsExtractor } from './tfjs';

export interface TfjsStatementFacts {
  imports: ImportBinding[];
  doubleQuotes: number;
  singleQuotes: number;
  hasError: boolean;
  /** Names that may reach outside the statement: not those declared inside its functions and used only there. */
  names: string[];
}

export type TfjsFactsMemo = StatementMemo<TfjsStatementFacts>;

export type TfjsStatement = TopNode<TfjsStatementFacts>;

export interface TfjsProgram {
  tree: Tree;
  language: Exclude<Language, 'python'>;
  statements: TfjsStatement[];
  /** Statement indices, each group in source order. */
  groups: number[][];
  imports: ImportBinding[];
  quote: '"' | "'";
  hasSyntaxErrors: boolean;
  names: NameResolver;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'MethodDeclaration']);

export function readTfjsProgram(tree: Tree, source: string, language: Exclude<Language, 'python'>, memo?: TfjsFactsMemo, nextMemo?: TfjsFactsMemo): TfjsProgram {
  const statements = topNodes(tree.topNode, source, tfjsStatementFacts, memo, nextMemo);
  const imports = statements.flatMap(({ facts }) => facts.imports);
  const imported = new Set(imports.map((binding) => binding.local));
  const doubleQuotes = statements.reduce((sum, { facts }) => sum + facts.doubleQuotes, 0);
  const singleQuotes = statements.reduce((sum, { facts }) => sum + facts.singleQuotes, 0);
  const groups = unionGroups(statements.map(({ facts }) => facts.names.filter((name) => !imported.has(name))));
  return {
    tree,
    language,
    statements,
    groups,
    imports,
    quote: doubleQuotes > singleQuotes ? '"' : "'",
    hasSyntaxErrors: statements.some(({ facts }) => facts.hasError),
    names: new NameResolver(imports, source),
  };
}

/** One group's models: its statements walked and extracted as a module of their own. */
export function extractTfjsGroup(program: TfjsProgram, source: string, group: readonly number[]): ModelIR[] {
  const { scopes } = walkStatements(
    program.tree.topNode,
    group.map((index) => program.statements[index].node),
    source,
  );
  return new TfjsExtractor(source, program.names).extract(scopes);
}

export function tfjsFile(program: TfjsProgram, models: ModelIR[]): FileIR {
  return { language: program.language, models, imports: program.imports, quote: program.quote, hasSyntaxErrors: program.hasSyntaxErrors };
}

/** One walk over a top-level statement. */
function tfjsStatementFacts(statement: SyntaxNode, source: string): TfjsStatementFacts {
  const imports: ImportBinding[] = [];
  let doubleQuotes = 0;
  let singleQuotes = 0;
  let hasError = false;
  /** Names outside any function, and names inside one, with whether a function declares them. */
  const outside = new Set<string>();
  const inside = new Set<string>();
  const declaredInside = new Set<string>();
  let functionDepth = 0;
  statement.cursor().iterate(
    (ref) => {
      if (ref.type.isError) hasError = true;
      switch (ref.name) {
        case 'ImportDeclaration':
          imports.push(...readImportDeclaration(ref.node, source));
          return false;
        case 'VariableDeclaration':
          imports.push(...readRequireDeclaration(ref.node, source));
          break;
        case 'String':
          if (source.charCodeAt(ref.from) === 34 /* " */) doubleQuotes++;
          else singleQuotes++;
          break;
        case 'VariableName':
        case 'VariableDefinition': {
          const name = source.slice(ref.from, ref.to);
          if (functionDepth === 0) outside.add(name);
          else {
            inside.add(name);
            if (ref.name === 'VariableDefinition') declaredInside.add(name);
          }
          break;
        }
        default:
          if (FUNCTIONS.has(ref.name)) functionDepth++;
          break;
      }
      return undefined;
    },
    (ref) => {
      if (FUNCTIONS.has(ref.name)) functionDepth--;
    },
  );
  const names = new Set(outside);
  for (const name of inside) if (!declaredInside.has(name)) names.add(name);
  return { imports, doubleQuotes, singleQuotes, hasError, names: [...names] };
}
