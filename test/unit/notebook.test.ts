// The notebook core: IPython syntax masked to Python of the same length, code cells joined into
// one program whose offsets map back to one cell each, and nbformat 4 read without throwing.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, maskIPython, NotebookProgram, readNotebook, type NotebookCell } from '../../src/core';
import { hasSyntaxErrors, parseSource } from '../../src/core/parse';

/** Offsets of every line break: masking may change characters, never where lines end. */
const breaks = (text: string): number[] => [...text].flatMap((char, i) => (char === '\n' || char === '\r' ? [i] : []));
const parses = (text: string): boolean => !hasSyntaxErrors(parseSource(text, 'python'));

function codeCells(...sources: string[]): NotebookCell[] {
  return sources.map((source, index) => ({ index, kind: 'code', language: 'python', source }));
}

describe('maskIPython', () => {
  const masked: [string, string, string][] = [
    ['a line magic', '%pip install keras', '0#ip install keras'],
    ['a shell escape', '!ls -la', '0#s -la'],
    ['an indented shell escape in a loop body', 'for i in range(3):\n    !echo $i', 'for i in range(3):\n    0#cho $i'],
    ['a captured shell command', 'files = !ls *.csv', 'files = 0#s *.csv'],
    ['a captured line magic', 'result = %timeit -o f()', 'result = 0#imeit -o f()'],
    ['a one-character escape', 'x = 1\n!\ny = 2', 'x = 1\n0\ny = 2'],
    ['a help query', 'model.summary?', 'model.summary '],
    ['a detailed help query before a carriage return', 'keras.layers.Dense??\r\nx = 1', 'keras.layers.Dense  \r\nx = 1'],
    ['a leading help query', '??keras.Sequential', '0#keras.Sequential'],
    ['%%time: the first line only; the body is Python', '%%time\nmodel.fit(x, y)', '0#time\nmodel.fit(x, y)'],
    ['%%capture with a name', '%%capture out\nprint(1)', '0#capture out\nprint(1)'],
    ['%%bash: the whole cell is blanked', '%%bash\necho "hi"\nls', '      \n         \n  '],
    ['%%writefile: the file body is not run here', '%%writefile model.py\nimport torch\r\n', '                    \n            \r\n'],
    ['a cell magic after leading blank lines (IPython drops them first)', '\n  \n%%html\n<b>x</b>', '\n  \n      \n        '],
    ['plain Python is untouched', 'x = 1 % 2\nif x != 0:\n    y = x  # !not a magic\n', 'x = 1 % 2\nif x != 0:\n    y = x  # !not a magic\n'],
  ];
  for (const [name, source, expected] of masked) {
    it(`${name}: same length, same line breaks, valid Python`, () => {
      const result = maskIPython(source);
      assert.equal(result, expected);
      assert.equal(result.length, source.length);
      assert.deepEqual(breaks(result), breaks(source));
      assert.ok(parses(result), `masked text does not parse: ${JSON.stringify(result)}`);
    });
  }

  it('a cell mixing every form parses once masked, and the Python in it keeps its offsets', () => {
    const source = "%matplotlib inline\n!pip install keras\nimport keras\nfiles = !ls\nkeras.Sequential?\nm = keras.Sequential([keras.layers.Dense(8, kernel_initializer='zeros'), keras.layers.Dense(1)])\n";
    const result = maskIPython(source);
    assert.ok(parses(result));
    const at = source.indexOf("'zeros'");
    assert.equal(result.slice(at, at + 7), "'zeros'");
    assert.equal(source.slice(0, source.indexOf('files')).length, result.indexOf('files'));
  });

  // IPython applies escapes only at the start of a logical line: a continuation line that starts
  // with `!=` or `%` (Black puts binary operators first on a broken line) is plain Python.
  it('leaves continuation lines that start with an operator alone', () => {
    const source = 'if (\n    first\n    != second\n):\n    pass\nx = (a\n     % 2)\n';
    assert.equal(maskIPython(source), source);
  });
});

describe('NotebookProgram', () => {
  const cells: NotebookCell[] = [
    { index: 0, kind: 'markup', language: 'python', source: '# Title\nSome *text*' },
    { index: 1, kind: 'code', language: 'python', source: '%pip install keras\nimport keras' },
    { index: 2, kind: 'markup', language: 'python', source: 'More text' },
    { index: 3, kind: 'code', language: 'python', source: '' },
    { index: 4, kind: 'code', language: 'python', source: 'm = keras.Sequential()\nm.add(keras.layers.Dense(4))' },
    { index: 5, kind: 'code', language: 'python', source: '%%bash\nls' },
  ];
  const program = new NotebookProgram(cells);

  it('joins the code cells in order with one newline, skipping markdown, with IPython masked', () => {
    assert.equal(program.source, '0#ip install keras\nimport keras\n\nm = keras.Sequential()\nm.add(keras.layers.Dense(4))\n      \n  ');
    assert.deepEqual(program.parts.map((part) => part.cell), [1, 3, 4, 5]);
    assert.deepEqual(program.parts.map((part) => [part.from, part.to]), [[0, 31], [32, 32], [33, 84], [85, 94]]);
  });

  it('locate and offsetOf are inverse over every offset of every analyzed cell', () => {
    for (const cell of cells.filter((candidate) => candidate.kind === 'code')) {
      for (let offset = 0; offset <= cell.source.length; offset++) {
        const at = program.offsetOf(cell.index, offset);
        assert.notEqual(at, undefined, `cell ${cell.index} offset ${offset}`);
        assert.deepEqual(program.locate(at!), { cell: cell.index, offset });
        if (offset < cell.source.length) assert.equal(program.source[at!], maskIPython(cell.source)[offset]);
      }
    }
  });

  it('maps a program offset to the cell that holds it: the joining newline belongs to the cell it ends', () => {
    const dense = program.source.indexOf('Dense');
    assert.deepEqual(program.locate(dense), { cell: 4, offset: cells[4].source.indexOf('Dense') });
    assert.deepEqual(program.locate(31), { cell: 1, offset: 31 });
    assert.deepEqual(program.locate(32), { cell: 3, offset: 0 });
    assert.deepEqual(program.locate(33), { cell: 4, offset: 0 });
    assert.equal(program.locate(-1), undefined);
    assert.equal(program.locate(program.source.length + 1), undefined);
  });

  it('has no offsets for markdown cells, unknown cells or offsets past a cell', () => {
    assert.equal(program.offsetOf(0, 0), undefined);
    assert.equal(program.offsetOf(2, 0), undefined);
    assert.equal(program.offsetOf(9, 0), undefined);
    assert.equal(program.offsetOf(1, -1), undefined);
    assert.equal(program.offsetOf(1, cells[1].source.length + 1), undefined);
  });

  it('analyzes only Python cells: a notebook of another kernel has no program', () => {
    const r = new NotebookProgram([{ index: 0, kind: 'code', language: 'r', source: 'x <- 1' }]);
    assert.deepEqual([r.source, r.parts], ['', []]);
    assert.equal(r.locate(0), undefined);
  });

  // Jupyter compiles each cell on its own: an unterminated string is that cell's SyntaxError and
  // cannot swallow the cells after it, as it does in the joined program.
  it('an unterminated string in one cell does not hide the next cell', () => {
    const notebook = new NotebookProgram(codeCells('import keras\nfrom keras import layers', 'notes = """unfinished', "m = keras.Sequential([layers.Dense(8, kernel_initializer='zeros'), layers.Dense(1)])"));
    assert.deepEqual(analyze(notebook.source, 'python').findings.map((finding) => notebook.locate(finding.span.from)?.cell), [2]);
  });

  it('an unclosed bracket in one cell does not swallow the next cell, and the closer belongs to no cell', () => {
    const notebook = new NotebookProgram(codeCells('import keras\nfrom keras import layers\nx = dict(a=[1, 2', "m = keras.Sequential([layers.Dense(8, kernel_initializer='zeros'), layers.Dense(1)])"));
    assert.deepEqual(analyze(notebook.source, 'python').findings.map((finding) => notebook.locate(finding.span.from)?.cell), [1]);
    const [first, second] = notebook.parts;
    assert.equal(notebook.source.slice(first.to, second.from), '])\n');
    assert.equal(notebook.locate(first.to + 1), undefined);
  });

  it('a bracket inside a string or a comment is not counted', () => {
    const notebook = new NotebookProgram(codeCells("s = '(' + \"[\"  # ) ]\nt = '''\n)]\n'''", 'y = 1'));
    const [first, second] = notebook.parts;
    assert.equal(notebook.source.slice(first.to, second.from), '\n');
  });

  // `%time stmt` / `%timeit stmt` run their statement as Python: a model built there is a model.
  it('analyzes the statement a %time line magic runs', () => {
    const notebook = new NotebookProgram(codeCells('import keras\nfrom keras import layers', "%time m = keras.Sequential([layers.Dense(8, kernel_initializer='zeros'), layers.Dense(1)])"));
    assert.deepEqual(analyze(notebook.source, 'python').findings.map((finding) => finding.ruleId), ['zero-init']);
  });

  it('a finding in the third cell maps back to the layer written there', () => {
    const notebook = new NotebookProgram(codeCells('import keras\nfrom keras import layers', '!nvidia-smi\nm = keras.Sequential()', "m.add(layers.Dense(8, kernel_initializer='zeros'))\nm.add(layers.Dense(1))"));
    const [finding] = analyze(notebook.source, 'python').findings;
    assert.equal(finding.ruleId, 'zero-init');
    assert.deepEqual(notebook.locate(finding.span.from), { cell: 2, offset: "m.add(layers.Dense(8, kernel_initializer=".length });
    assert.deepEqual(notebook.locate(finding.span.to), { cell: 2, offset: "m.add(layers.Dense(8, kernel_initializer='zeros'".length });
  });
});

describe('readNotebook', () => {
  const notebook = (cells: unknown[], metadata: object = { language_info: { name: 'python' } }) => JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 });

  it('reads cells with their index among all cells, kind, language and source (list or string)', () => {
    const read = readNotebook(
      notebook([
        { cell_type: 'markdown', metadata: {}, source: ['# A\n', 'text'] },
        { cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: ['import keras\n', 'x = 1'] },
        { cell_type: 'raw', metadata: {}, source: 'raw text' },
        { cell_type: 'code', metadata: {}, outputs: [], execution_count: 3, source: 'y = 2\n' },
      ]),
    );
    assert.ok(read.ok);
    assert.deepEqual(read.cells, [
      { index: 0, kind: 'markup', language: 'python', source: '# A\ntext' },
      { index: 1, kind: 'code', language: 'python', source: 'import keras\nx = 1' },
      { index: 2, kind: 'markup', language: 'python', source: 'raw text' },
      { index: 3, kind: 'code', language: 'python', source: 'y = 2\n' },
    ]);
  });

  it('keeps indices when a cell entry is not an object, and reads a missing source as empty', () => {
    const read = readNotebook(notebook([42, { cell_type: 'code' }, { cell_type: 'code', source: ['a', 7, 'b'] }]));
    assert.ok(read.ok);
    assert.deepEqual(read.cells.map((cell) => [cell.index, cell.source]), [[1, ''], [2, 'ab']]);
  });

  it('takes the language from language_info, else the kernelspec, else Python', () => {
    const languageOf = (metadata: object) => {
      const read = readNotebook(notebook([{ cell_type: 'code', source: 'x' }], metadata));
      assert.ok(read.ok);
      return read.cells[0].language;
    };
    assert.equal(languageOf({ language_info: { name: 'R' }, kernelspec: { language: 'python' } }), 'r');
    assert.equal(languageOf({ kernelspec: { language: 'julia' } }), 'julia');
    assert.equal(languageOf({}), 'python');
  });

  it('drops a UTF-8 byte-order mark', () => {
    const read = readNotebook(`\ufeff${notebook([{ cell_type: 'code', source: 'x = 1' }])}`);
    assert.ok(read.ok);
    assert.equal(read.cells[0].source, 'x = 1');
  });

  it('reports broken JSON in one line, without throwing', () => {
    const read = readNotebook('{"cells": [ {"cell_type": "code", "source": ["import keras\\n", ');
    assert.equal(read.ok, false);
    assert.ok(!read.ok);
    assert.match(read.error, /^not valid notebook JSON \(.+\)$/);
    assert.ok(!read.error.includes('\n'));
  });

  it('rejects nbformat 3 (worksheets, no cells) saying which version it found', () => {
    const read = readNotebook(JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [{ cells: [{ cell_type: 'code', input: 'x = 1' }] }] }));
    assert.ok(!read.ok);
    assert.equal(read.error, 'not a Jupyter notebook in nbformat 4 (nbformat 3): no "cells" list');
  });

  it('rejects JSON that is not a notebook at all', () => {
    for (const text of ['[]', 'null', '"cells"', '{"cells": {}}']) {
      const read = readNotebook(text);
      assert.ok(!read.ok, text);
      assert.equal(read.error, 'not a Jupyter notebook in nbformat 4: no "cells" list');
    }
  });
});
