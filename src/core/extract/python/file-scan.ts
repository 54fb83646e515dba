// One walk over a Python file's whole tree, for everything the extractor needs from all of it:
// imports, the quote style, syntax errors, the assignments holding one, and the names called.

import type { Tree } from '@lezer/common';
import type { ImportBinding } from '../../ir';
import { lastChildNamed, readImport } from './syntax';

export interface PythonFileScan {
  imports: ImportBinding[];
  /** The quote most string literals open with: fixes write strings in the file's own style. */
  quote: '"' | "'";
  hasSyntaxErrors: boolean;
  /** Starts of the AssignStatements with an error node inside: half-typed assignments. */
  erroneousAssignments: Set<number>;
  /** Names called anywhere in the file (`f(...)`, `self.f(...)`): functions read through their calls. */
  calledNames: Set<string>;
}

const CHAR_DOUBLE_QUOTE = 34;
/** String prefix letters (`r`, `b`, `u`, either case) that come before a literal's quote. */
const STRING_PREFIXES = new Set([...'rRbBuU'].map((letter) => letter.charCodeAt(0)));

export function scanPythonFile(tree: Tree, source: string): PythonFileScan {
  const imports: ImportBinding[] = [];
  const erroneousAssignments = new Set<number>();
  const calledNames = new Set<string>();
  /** Starts of the AssignStatements the walk is inside. */
  const openAssignments: number[] = [];
  let doubleQuotes = 0;
  let singleQuotes = 0;
  let hasSyntaxErrors = false;
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        hasSyntaxErrors = true;
        for (const from of openAssignments) erroneousAssignments.add(from);
        return undefined;
      }
      switch (node.name) {
        case 'ImportStatement':
          imports.push(...readImport(node.node, source));
          break;
        case 'String': {
          let at = node.from;
          while (at < node.to && STRING_PREFIXES.has(source.charCodeAt(at))) at++;
          if (at < node.to && source.charCodeAt(at) === CHAR_DOUBLE_QUOTE) doubleQuotes++;
          else singleQuotes++;
          break;
        }
        case 'AssignStatement':
          openAssignments.push(node.from);
          break;
        case 'CallExpression': {
          const callee = node.node.firstChild;
          const name = callee?.name === 'MemberExpression' ? lastChildNamed(callee, 'PropertyName') : callee;
          if (name && (name.name === 'VariableName' || name.name === 'PropertyName')) calledNames.add(source.slice(name.from, name.to));
          break;
        }
        default:
          break;
      }
      return undefined;
    },
    leave(node) {
      if (node.name === 'AssignStatement') openAssignments.pop();
    },
  });
  return { imports, quote: doubleQuotes > singleQuotes ? '"' : "'", hasSyntaxErrors, erroneousAssignments, calledNames };
}
