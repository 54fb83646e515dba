// The registry and the docs are complete: every rule file registered, documented, well-formed.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core';

const root = path.join(__dirname, '..', '..', '..');
const rulesFolder = path.join(root, 'src', 'core', 'rules');
const SECTIONS = ['## What it flags', '## Why', '## Incorrect', '## Correct', '## Fix safety', '## Options', '## References'];

describe('rule registry', () => {
  it('is sorted by id and has no duplicates', () => {
    const ids = RULES.map((rule) => rule.id);
    assert.deepEqual(ids, [...new Set(ids)].sort());
  });

  it('registers every rule module', () => {
    const modules = fs
      .readdirSync(rulesFolder)
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => fs.readFileSync(path.join(rulesFolder, file), 'utf8').includes(': Rule = {'))
      .map((file) => file.replace(/\.ts$/, ''));
    assert.deepEqual(modules.sort(), RULES.map((rule) => rule.id).sort());
  });

  for (const rule of RULES) {
    it(`${rule.id}: docs page with the fixed sections and a declared fix message`, () => {
      const docs = fs.readFileSync(path.join(root, 'docs', 'rules', `${rule.id}.md`), 'utf8');
      assert.equal(docs.split('\n')[0], `# ${rule.id}`);
      let last = -1;
      for (const section of SECTIONS) {
        const at = docs.indexOf(`\n${section}\n`);
        assert.ok(at > last, `${rule.id}.md: section '${section}' missing or out of order`);
        last = at;
      }
      const safety = rule.meta.fix === 'safe' ? '**Safe.**' : rule.meta.fix === 'unsafe' ? '**Unsafe.**' : '**None.**';
      assert.ok(docs.includes(safety), `${rule.id}.md must state its fix safety as ${safety}`);
      if (rule.meta.fix !== 'none') assert.ok(rule.meta.messages.useInitializer, 'fix title message');
    });
  }
});
