// Our RuleTester: tables of valid and invalid snippets per rule, like ESLint's.
// Invalid cases name the messageIds and positions they expect; `output` is the text
// after applying every fix of the rule, which must still parse and be a fixed point.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, applyEdits, compatibleEdits, maskIPython, NotebookProgram, parseSource, type Language, type NotebookCell, type Rule, type Severity } from '../../src/core';
import { hasSyntaxErrors } from '../../src/core/parse';

export interface ExpectedError {
  messageId: string;
  /** 1-based line of the finding's start. */
  line: number;
  column?: number;
  severity?: Severity;
  data?: Record<string, string | number>;
}

export interface InvalidCase {
  name?: string;
  code: string;
  errors: ExpectedError[];
  /** The text after the rule's fixes; omit to assert nothing about fixes. */
  output?: string;
  exemptOutputLayer?: boolean;
  /** Defaults to Python. */
  language?: Language;
  /** Tallied under this name instead of the language (`pytorch`, `notebook`). */
  dialect?: string;
}

export interface ValidCase {
  name?: string;
  code: string;
  exemptOutputLayer?: boolean;
  /** Defaults to Python. */
  language?: Language;
  /** Tallied under this name instead of the language (`pytorch`, `notebook`). */
  dialect?: string;
}

function findingsOf(rule: Rule, code: string, language: Language = 'python', exemptOutputLayer = true) {
  const rules = { [rule.id]: 'default' as const };
  return analyze(code, language, { exemptOutputLayer, rules }).findings.filter((finding) => finding.ruleId === rule.id);
}

function lineColumn(code: string, offset: number): { line: number; column: number } {
  const before = code.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function fixAll(rule: Rule, code: string, language: Language): string {
  const fixes = findingsOf(rule, code, language).flatMap((finding) => (finding.fix ? [finding.fix] : []));
  return applyEdits(code, compatibleEdits(fixes));
}

/** Test names start `valid:` / `invalid:` (with the language when not Python); the unit tier's reporter tallies them. */
function caseTitle(kind: 'valid' | 'invalid', language: Language | undefined, name: string, dialect?: string): string {
  const tally = dialect ?? (language && language !== 'python' ? language : undefined);
  return `${kind}${tally ? ` (${tally})` : ''}: ${name}`;
}

export function runRuleTests(rule: Rule, cases: { valid: (string | ValidCase)[]; invalid: InvalidCase[] }): void {
  const seen = new Set<string>();
  const unique = (code: string, exemptOutputLayer: boolean | undefined): void => {
    const key = `${exemptOutputLayer ?? true}\n${code}`;
    assert.ok(!seen.has(key), `duplicate test case for ${rule.id}:\n${code}`);
    seen.add(key);
  };

  describe(rule.id, () => {
    for (const item of cases.valid) {
      const valid: ValidCase = typeof item === 'string' ? { code: item } : item;
      it(caseTitle('valid', valid.language, valid.name ?? valid.code.trim().split('\n').at(-1) ?? '', valid.dialect), () => {
        unique(valid.code, valid.exemptOutputLayer);
        assert.deepEqual(findingsOf(rule, valid.code, valid.language, valid.exemptOutputLayer).map((f) => f.messageId), []);
      });
    }
    for (const invalid of cases.invalid) {
      it(caseTitle('invalid', invalid.language, invalid.name ?? invalid.code.trim().split('\n').at(-1) ?? '', invalid.dialect), () => {
        unique(invalid.code, invalid.exemptOutputLayer);
        assert.ok(invalid.errors.length > 0, 'an invalid case must expect at least one error');
        const findings = findingsOf(rule, invalid.code, invalid.language, invalid.exemptOutputLayer);
        const actual = findings.map((finding, i) => {
          const expected = invalid.errors[i];
          const { line, column } = lineColumn(invalid.code, finding.span.from);
          return {
            messageId: finding.messageId,
            line,
            ...(expected?.column !== undefined ? { column } : {}),
            ...(expected?.severity !== undefined ? { severity: finding.severity } : {}),
            ...(expected?.data !== undefined ? { data: Object.fromEntries(Object.keys(expected.data).map((key) => [key, finding.data[key]])) } : {}),
          };
        });
        assert.deepEqual(actual, invalid.errors);
        for (const finding of findings) assert.ok(rule.meta.messages[finding.messageId], `undeclared messageId ${finding.messageId}`);
        if (invalid.output !== undefined) {
          const language = invalid.language ?? 'python';
          const output = fixAll(rule, invalid.code, language);
          assert.equal(output, invalid.output);
          assert.ok(!hasSyntaxErrors(parseSource(output, language)), 'the fixed text must still parse');
          assert.equal(fixAll(rule, output, language), output, 'fixing twice must change nothing more');
        }
      });
    }
  });
}

/** Imports most snippets start with. */
export const KERAS = 'import keras\nfrom keras import layers, initializers\n';

/** A cell of a notebook case: a string is a Python code cell. */
export type NotebookCaseCell = string | { markdown: string };

export interface NotebookExpectedError extends ExpectedError {
  /** The cell's index among all cells, markdown included (0-based, as the CLI's JSON). */
  cell: number;
  /** 1-based, within the cell. */
  line: number;
  column?: number;
}

export interface NotebookValidCase {
  name: string;
  cells: NotebookCaseCell[];
  exemptOutputLayer?: boolean;
}

export interface NotebookInvalidCase extends NotebookValidCase {
  errors: NotebookExpectedError[];
  /** The cells after every fix of the rule, applied cell by cell; omit to assert nothing about fixes. */
  output?: NotebookCaseCell[];
}

function notebookCells(cells: readonly NotebookCaseCell[]): NotebookCell[] {
  return cells.map((cell, index) =>
    typeof cell === 'string' ? { index, kind: 'code', language: 'python', source: cell } : { index, kind: 'markup', language: 'python', source: cell.markdown },
  );
}

/** The rule's findings on the notebook's code cells analyzed as one program, as the CLI and the editor read it. */
function notebookFindings(rule: Rule, cells: readonly NotebookCaseCell[], exemptOutputLayer = true) {
  const program = new NotebookProgram(notebookCells(cells));
  const rules = { [rule.id]: 'default' as const };
  const findings = analyze(program.source, 'python', { exemptOutputLayer, rules }).findings.filter((finding) => finding.ruleId === rule.id);
  return { program, findings };
}

/** Every fix of the rule that stays inside one cell, non-overlapping ones first come first served, applied cell by cell. */
function fixAllCells(rule: Rule, cells: readonly NotebookCaseCell[]): NotebookCaseCell[] {
  const { program, findings } = notebookFindings(rule, cells);
  const fixes = findings.flatMap((finding) => (finding.fix && finding.fix.edits.every((edit) => program.cellEdit(edit)) ? [finding.fix] : []));
  const edits = compatibleEdits(fixes).map((edit) => program.cellEdit(edit)!);
  return cells.map((cell, index) => (typeof cell === 'string' ? applyEdits(cell, edits.filter((edit) => edit.cell === index)) : cell));
}

const notebookParses = (cells: readonly NotebookCaseCell[]): boolean => !hasSyntaxErrors(parseSource(new NotebookProgram(notebookCells(cells)).source, 'python'));

/**
 * Cases written as notebooks: the code cells are analyzed as one program with IPython syntax
 * masked, and each expected error names its cell and its line and column within the cell. Tallied
 * as the `notebook` dialect.
 */
export function runNotebookRuleTests(rule: Rule, cases: { valid: NotebookValidCase[]; invalid: NotebookInvalidCase[] }): void {
  const seen = new Set<string>();
  const unique = (item: NotebookValidCase): void => {
    const key = JSON.stringify([item.exemptOutputLayer ?? true, item.cells]);
    assert.ok(!seen.has(key), `duplicate notebook test case for ${rule.id}: ${item.name}`);
    seen.add(key);
  };

  describe(`${rule.id} in notebooks`, () => {
    for (const valid of cases.valid) {
      it(caseTitle('valid', undefined, valid.name, 'notebook'), () => {
        unique(valid);
        assert.deepEqual(notebookFindings(rule, valid.cells, valid.exemptOutputLayer).findings.map((f) => f.messageId), []);
      });
    }
    for (const invalid of cases.invalid) {
      it(caseTitle('invalid', undefined, invalid.name, 'notebook'), () => {
        unique(invalid);
        assert.ok(invalid.errors.length > 0, 'an invalid case must expect at least one error');
        const { program, findings } = notebookFindings(rule, invalid.cells, invalid.exemptOutputLayer);
        const actual = findings.map((finding, i) => {
          const expected = invalid.errors[i];
          const range = program.cellSpan(finding.span, true);
          assert.ok(range, `finding ${finding.messageId} has no cell`);
          const source = invalid.cells[range.cell] as string;
          const { line, column } = lineColumn(source, range.from);
          // A finding never starts on IPython syntax the analyzer saw masked.
          const lineText = source.split('\n')[line - 1];
          assert.equal(maskIPython(source).split('\n')[line - 1], lineText, `finding ${finding.messageId} on a masked line: ${lineText}`);
          return {
            messageId: finding.messageId,
            cell: range.cell,
            line,
            ...(expected?.column !== undefined ? { column } : {}),
            ...(expected?.severity !== undefined ? { severity: finding.severity } : {}),
            ...(expected?.data !== undefined ? { data: Object.fromEntries(Object.keys(expected.data).map((key) => [key, finding.data[key]])) } : {}),
          };
        });
        assert.deepEqual(actual, invalid.errors);
        if (invalid.output !== undefined) {
          const output = fixAllCells(rule, invalid.cells);
          assert.deepEqual(output, invalid.output);
          if (notebookParses(invalid.cells)) assert.ok(notebookParses(output), 'the fixed cells must still parse');
          assert.deepEqual(fixAllCells(rule, output), output, 'fixing twice must change nothing more');
        }
      });
    }
  });
}
