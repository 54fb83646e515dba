// Half-typed code: every prefix of every example is analyzed without throwing, every range
// stays inside the text, and a fix never makes a file that parsed start failing to parse.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { analyze, applyEdits, parseSource } from '../../src/core';
import { hasSyntaxErrors } from '../../src/core/parse';

const folder = path.join(__dirname, '..', '..', '..', 'examples');

for (const name of fs.readdirSync(folder).filter((file) => file.endsWith('.py'))) {
  it(`every prefix of ${name}`, () => {
    const text = fs.readFileSync(path.join(folder, name), 'utf8');
    let checked = 0;
    let fixed = 0;
    for (let length = 0; length <= text.length; length++) {
      const prefix = text.slice(0, length);
      const analysis = analyze(prefix, 'python');
      const parsedCleanly = !analysis.file.hasSyntaxErrors;
      for (const finding of analysis.findings) {
        assert.ok(finding.span.from >= 0 && finding.span.from <= finding.span.to && finding.span.to <= length, `${name}[0:${length}]: span out of range`);
        const edits = [...(finding.fix?.edits ?? [])].sort((a, b) => a.from - b.from);
        edits.forEach((edit, i) => {
          assert.ok(edit.from >= 0 && edit.from <= edit.to && edit.to <= length, `${name}[0:${length}]: edit out of range`);
          if (i > 0) assert.ok(edits[i - 1].to <= edit.from, `${name}[0:${length}]: overlapping edits`);
        });
        if (finding.fix && parsedCleanly) {
          const after = applyEdits(prefix, finding.fix.edits);
          assert.ok(!hasSyntaxErrors(parseSource(after, 'python')), `${name}[0:${length}]: the fix "${finding.fix.title}" broke the parse`);
          fixed++;
        }
      }
      checked++;
    }
    assert.equal(checked, text.length + 1);
    if (name !== 'correct_model.py') assert.ok(fixed > 0, 'some prefixes carry fixes that were checked');
  });
}
