// What extraction reads from a whole Python file, summed from its top-level statements' facts:
// imports, quote style, syntax errors, half-typed assignments and the names the file calls.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSource } from '../../src/core';
import { readPythonModule } from '../../src/core/extract';

const scan = (source: string) => readPythonModule(parseSource(source, 'python'), source).scan;

describe('the Python file scan (summed from statement facts)', () => {
  it('reads imports and takes the quote most string literals open with, past their prefixes', () => {
    const result = scan(['import keras', 'from keras import layers as L', 'a = r"x"', "b = b'y'", 'c = u"z"', 'd = R"w"'].join('\n'));
    assert.deepEqual(
      result.imports.map(({ local, path }) => [local, path]),
      [
        ['keras', 'keras'],
        ['L', 'keras.layers'],
      ],
    );
    assert.equal(result.quote, '"');
    assert.equal(scan("a = 'x'\nb = \"y\"\nc = rb'z'").quote, "'");
    assert.equal(result.hasSyntaxErrors, false);
  });

  it('marks the assignments that hold an error node, and only those', () => {
    const source = 'units = 64\nwidth = = 3\nprint(units +)\nready = True\n';
    const result = scan(source);
    assert.equal(result.hasSyntaxErrors, true);
    assert.deepEqual([...result.erroneousAssignments], [source.indexOf('width')]);
  });

  it('collects the names called as functions or methods, not names only read', () => {
    const result = scan('def block(x):\n    return x\n\ny = block(1)\nself.build(y)\nhandler = callback\nitems[0](2)\n');
    assert.deepEqual([...result.calledNames].sort(), ['block', 'build']);
  });
});
