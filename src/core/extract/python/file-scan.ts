// What the extractor needs from a whole Python file: imports, the quote style, syntax errors,
// the assignments holding one, and the names called. Summed from the top-level statements'
// facts (statement-groups.ts), each read in one walk and kept over edits that leave it as is.

import type { ImportBinding } from '../../ir';
import type { TopStatement } from './statement-groups';

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

/** The scan of a file from its top-level statements, their relative positions made absolute. */
export function sumStatements(statements: readonly TopStatement[]): PythonFileScan {
  const imports: ImportBinding[] = [];
  const erroneousAssignments = new Set<number>();
  let doubleQuotes = 0;
  let singleQuotes = 0;
  let hasSyntaxErrors = false;
  for (const { node, facts } of statements) {
    if (facts.imports.length > 0) {
      const base = node.from;
      for (const binding of facts.imports) imports.push(binding.appendAt === undefined ? binding : { ...binding, appendAt: binding.appendAt + base });
    }
    if (facts.erroneousAssignments.length > 0) for (const from of facts.erroneousAssignments) erroneousAssignments.add(from + node.from);
    doubleQuotes += facts.doubleQuotes;
    singleQuotes += facts.singleQuotes;
    hasSyntaxErrors ||= facts.hasError;
  }
  let calledNames: Set<string> | undefined;
  return {
    imports,
    quote: doubleQuotes > singleQuotes ? '"' : "'",
    hasSyntaxErrors,
    erroneousAssignments,
    // Only a module extracted whole reads it (groups take their own statements' names): built when first asked.
    get calledNames() {
      if (!calledNames) {
        calledNames = new Set();
        for (const { facts } of statements) for (const name of facts.called) calledNames.add(name);
      }
      return calledNames;
    },
  };
}
