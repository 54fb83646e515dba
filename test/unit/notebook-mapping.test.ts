// Program offsets ↔ cell ranges for notebooks in the editor (NotebookProgram, src/vscode/notebook-mapping.ts):
// findings land in the right cell at the right text, fixes become per-cell edits (never one
// that spans two cells), and the change sent to the worker turns the old program into the new.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, NotebookProgram, type NotebookCell } from '../../src/core';
import { cellEditsOf, groupByCell, lineStart, sameProgram, textChange, type CellEdit } from '../../src/vscode/notebook-mapping';

const code = (index: number, source: string): NotebookCell => ({ index, kind: 'code', language: 'python', source });
const markdown = (index: number, source: string): NotebookCell => ({ index, kind: 'markup', language: 'markdown', source });

/** Imports and a constant, a markdown cell, the model, then layers added in a later cell. */
const CELLS: NotebookCell[] = [
  code(0, '%pip install keras\nimport keras\nfrom keras import layers\nUNITS = 64'),
  markdown(1, '# The model\nLayers are *added* in the next cell: `model.add(...)`.'),
  code(2, 'model = keras.Sequential()\nmodel.add(keras.Input(shape=(32,)))'),
  code(3, '!nvidia-smi\nmodel.add(layers.Dense(UNITS, activation="relu", kernel_initializer="zeros"))\nmodel.add(layers.Dense(UNITS, activation="relu"))\nmodel.add(layers.Dense(10))'),
];

/** The cell texts after applying per-cell edits. */
function applyCellEdits(cells: readonly NotebookCell[], edits: readonly CellEdit[]): string[] {
  const texts = cells.map((cell) => cell.source);
  for (const [cell, changes] of groupByCell(edits)) {
    for (const change of [...changes].reverse()) texts[cell] = texts[cell].slice(0, change.from) + change.text + texts[cell].slice(change.to);
  }
  return texts;
}

describe('notebook findings mapped to cells', () => {
  const program = new NotebookProgram(CELLS);
  const analysis = analyze(program.source, 'python');

  it('a model spread over three cells is found, and its zero-init lands on "zeros" in cell 3', () => {
    const zero = analysis.findings.find((finding) => finding.ruleId === 'zero-init');
    assert.ok(zero, `findings: ${analysis.findings.map((finding) => finding.ruleId).join(', ') || 'none'}`);
    const span = program.cellSpan(zero.span);
    assert.ok(span);
    assert.equal(span.cell, 3);
    assert.equal(CELLS[3].source.slice(span.from, span.to), '"zeros"');
    // Line 1 of the cell, after the masked shell escape on line 0.
    assert.equal(span.from, CELLS[3].source.indexOf('"zeros"'));
  });

  it('related locations map too: the default-init finding points at "relu" in its own cell', () => {
    const mismatch = analysis.findings.find((finding) => finding.ruleId === 'default-init-mismatch');
    assert.ok(mismatch);
    const related = mismatch.related.map((item) => program.cellSpan(item.span));
    assert.ok(related.length > 0);
    for (const span of related) {
      assert.ok(span);
      assert.equal(span.cell, 3);
      assert.equal(CELLS[3].source.slice(span.from, span.to), '"relu"');
    }
  });

  it('the zero-init fix becomes one edit in cell 3 that rewrites only "zeros"', () => {
    const zero = analysis.findings.find((finding) => finding.ruleId === 'zero-init');
    assert.ok(zero?.fix);
    const edits = cellEditsOf(program, zero.fix.edits);
    assert.ok(edits);
    assert.deepEqual(edits.map((edit) => edit.cell), [3]);
    const after = applyCellEdits(CELLS, edits);
    assert.equal(after[3], CELLS[3].source.replace('kernel_initializer="zeros"', `kernel_initializer=${zero.fix.edits[0].text}`));
    assert.deepEqual(after.slice(0, 3), CELLS.slice(0, 3).map((cell) => cell.source));
    // Fixed in its cells, the notebook analyzes clean of zero-init.
    const fixed = new NotebookProgram(CELLS.map((cell, index) => ({ ...cell, source: after[index] })));
    assert.ok(!analyze(fixed.source, 'python').findings.some((finding) => finding.ruleId === 'zero-init'));
  });

  it('every finding of the notebook maps to a code cell and back to the same program span', () => {
    assert.ok(analysis.findings.length >= 2);
    for (const finding of analysis.findings) {
      const span = program.cellSpan(finding.span);
      assert.ok(span, `${finding.ruleId} at ${finding.span.from}`);
      assert.notEqual(CELLS[span.cell].kind, 'markup');
      assert.deepEqual(program.programSpan(span.cell, span.from, span.to), finding.span);
    }
  });
});

describe('spans and edits at cell boundaries', () => {
  // Program: "a = 1\n" + "b = 2" with cell 1 (markdown) skipped: cell 0 is 0..5, cell 2 is 6..11.
  const program = new NotebookProgram([code(0, 'a = 1'), markdown(1, '*hi*'), code(2, 'b = 2')]);

  it('a span over the joining newline is not in one cell; with clamp it is cut at its first cell', () => {
    assert.equal(program.cellSpan({ from: 4, to: 7 }), undefined);
    assert.deepEqual(program.cellSpan({ from: 4, to: 7 }, true), { cell: 0, from: 4, to: 5 });
    assert.deepEqual(program.cellSpan({ from: 6, to: 11 }), { cell: 2, from: 0, to: 5 });
  });

  it('an insertion at the end of a cell stays in that cell; one at the start of the next goes there', () => {
    assert.deepEqual(cellEditsOf(program, [{ from: 5, to: 5, text: '  # x' }]), [{ cell: 0, from: 5, to: 5, text: '  # x' }]);
    assert.deepEqual(cellEditsOf(program, [{ from: 6, to: 6, text: 'c = 3\n' }]), [{ cell: 2, from: 0, to: 0, text: 'c = 3\n' }]);
  });

  it('a change with one edit across two cells is dropped whole, not made in part', () => {
    assert.equal(cellEditsOf(program, [{ from: 0, to: 1, text: 'x' }, { from: 4, to: 7, text: '9\nc' }]), undefined);
  });

  it('edits in two cells are grouped by cell, each cell in text order', () => {
    const edits = cellEditsOf(program, [{ from: 10, to: 11, text: '4' }, { from: 4, to: 5, text: '3' }, { from: 6, to: 7, text: 'z' }]);
    assert.ok(edits);
    const groups = groupByCell(edits);
    assert.deepEqual([...groups.keys()], [0, 2]);
    assert.deepEqual(groups.get(2)?.map((edit) => edit.from), [0, 4]);
    assert.deepEqual(applyCellEdits([code(0, 'a = 1'), markdown(1, '*hi*'), code(2, 'b = 2')], edits), ['a = 3', '*hi*', 'z = 4']);
  });

  it('a markdown cell, or an offset outside the cell, has no program span', () => {
    assert.equal(program.programSpan(1, 0, 1), undefined);
    assert.equal(program.programSpan(0, 0, 6), undefined);
    assert.deepEqual(program.programSpan(2, 1, 3), { from: 7, to: 9 });
  });
});

describe('program versions', () => {
  it('the same text from differently split cells, or shifted cell indices, is another program', () => {
    const joined = new NotebookProgram([code(0, 'a = 1\nb = 2'), code(1, 'c = 3')]);
    const moved = new NotebookProgram([code(0, 'a = 1'), code(1, 'b = 2\nc = 3')]);
    assert.equal(joined.source, moved.source);
    assert.equal(sameProgram(joined, moved), false);
    const shifted = new NotebookProgram([markdown(0, '# title'), code(1, 'a = 1\nb = 2'), code(2, 'c = 3')]);
    assert.equal(sameProgram(joined, shifted), false);
    assert.equal(sameProgram(joined, new NotebookProgram([code(0, 'a = 1\nb = 2'), code(1, 'c = 3')])), true);
    // Editing a markdown cell changes neither text nor layout.
    assert.equal(sameProgram(shifted, new NotebookProgram([markdown(0, '# another title'), code(1, 'a = 1\nb = 2'), code(2, 'c = 3')])), true);
  });

  it('the one change between two programs turns the first into the second, and touches only what differs', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n', ' ', '%'), maxLength: 40 });
    fc.assert(
      fc.property(text, text, text, text, (prefix, removed, inserted, suffix) => {
        const before = prefix + removed + suffix;
        const after = prefix + inserted + suffix;
        const change = textChange(before, after);
        if (before === after) return change === undefined;
        assert.ok(change);
        const result = before.slice(0, change.rangeOffset) + change.text + before.slice(change.rangeOffset + change.rangeLength);
        assert.equal(result, after);
        // Never wider than the edit that was made.
        assert.ok(change.rangeLength <= removed.length && change.text.length <= inserted.length);
        return true;
      }),
      { seed: 8, numRuns: 300 },
    );
  });

  it('a cell added in the middle of a notebook is one insertion into its program', () => {
    const before = new NotebookProgram([code(0, 'import keras'), code(1, 'model = keras.Sequential()')]);
    const after = new NotebookProgram([code(0, 'import keras'), code(1, 'UNITS = 8'), code(2, 'model = keras.Sequential()')]);
    assert.deepEqual(textChange(before.source, after.source), { rangeOffset: 13, rangeLength: 0, text: 'UNITS = 8\n' });
  });
});

describe('lineStart', () => {
  it('finds where each 1-based line starts, the last line for lines past the end', () => {
    const text = 'a\nbb\n\nccc';
    assert.deepEqual([1, 2, 3, 4, 9].map((line) => lineStart(text, line)), [0, 2, 5, 6, 6]);
  });
});
