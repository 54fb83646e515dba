// Every rule page's examples are checked by the analyzer itself: each ```<language> <dialect>
// wrong``` block must produce a finding of the page's rule, each ```… right``` block none.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { analyze, RULES, type Language } from '../../src/core';

const root = path.join(__dirname, '..', '..', '..');
const docsFolder = path.join(root, 'docs', 'rules');

/** The dialects every page shows a wrong and a right example in, by their info-string tag. */
const DIALECTS = ['keras3', 'tf.keras', 'keras1', 'tf1', 'tfjs', 'pytorch'] as const;

const LANGUAGES: Record<string, Language> = { python: 'python', py: 'python', ts: 'typescript', typescript: 'typescript', js: 'javascript', javascript: 'javascript' };

interface CodeBlock {
  /** The info string's words: language first. */
  info: string[];
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/**
 * Fenced code blocks of a CommonMark text: an opening fence of three or more backticks or
 * tildes indented at most three spaces, closed by a fence of the same character at least as
 * long (or the end of the text).
 */
function fencedBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let open: { fence: string; info: string[]; line: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    const indent = text.length - text.trimStart().length;
    const trimmed = text.trimStart();
    const marker = trimmed[0] === '`' || trimmed[0] === '~' ? trimmed[0] : undefined;
    let run = 0;
    while (marker && trimmed[run] === marker) run++;
    const isFence = indent <= 3 && run >= 3;
    if (open) {
      if (isFence && marker === open.fence[0] && run >= open.fence.length && trimmed.slice(run).trim() === '') {
        blocks.push({ info: open.info, code: `${open.body.join('\n')}\n`, line: open.line });
        open = undefined;
      } else {
        open.body.push(text);
      }
      return;
    }
    if (isFence) open = { fence: marker!.repeat(run), info: trimmed.slice(run).trim().split(/\s+/).filter(Boolean), line: index + 1, body: [] };
  });
  if (open) blocks.push({ info: open.info, code: `${open.body.join('\n')}\n`, line: open.line });
  return blocks;
}

interface Example {
  file: string;
  language: Language;
  dialect: string;
  expectation: 'wrong' | 'right';
  code: string;
  line: number;
}

function examplesOf(file: string): Example[] {
  const markdown = fs.readFileSync(path.join(docsFolder, file), 'utf8');
  return fencedBlocks(markdown).flatMap((block): Example[] => {
    const expectation = block.info.find((word): word is 'wrong' | 'right' => word === 'wrong' || word === 'right');
    if (!expectation) return [];
    const language = LANGUAGES[block.info[0] ?? ''];
    assert.ok(language, `line ${block.line}: an example's info string starts with its language (python, ts, js); got '${block.info.join(' ')}'`);
    const dialect = block.info.find((word) => (DIALECTS as readonly string[]).includes(word)) ?? '';
    return [{ file, language, dialect, expectation, code: block.code, line: block.line }];
  });
}

const pages = fs.readdirSync(docsFolder).filter((file) => file.endsWith('.md')).sort();

describe('the fence scanner', () => {
  it('reads info strings, nested shorter fences and tildes', () => {
    const text = ['# t', '```python keras3 wrong', 'a = 1', '````', '~~~~ts tfjs right', '```', 'b', '~~~~', '  ```', 'c', '```'].join('\n');
    assert.deepEqual(fencedBlocks(text), [
      { info: ['python', 'keras3', 'wrong'], code: 'a = 1\n', line: 2 },
      { info: ['ts', 'tfjs', 'right'], code: '```\nb\n', line: 5 },
      { info: [], code: 'c\n', line: 9 },
    ]);
  });
});

describe('rule docs', () => {
  it('every rule has a page and every page is a rule', () => {
    const documented = pages.map((file) => file.replace(/\.md$/, ''));
    assert.deepEqual(documented, RULES.map((rule) => rule.id).sort());
  });

  for (const file of pages) {
    const ruleId = file.replace(/\.md$/, '');
    const examples = examplesOf(file);

    it(`${ruleId}: a wrong and a right example in every dialect`, () => {
      for (const dialect of DIALECTS) {
        for (const expectation of ['wrong', 'right'] as const) {
          assert.ok(examples.some((e) => e.dialect === dialect && e.expectation === expectation), `${file}: no '${dialect} ${expectation}' example`);
        }
      }
    });

    for (const example of examples) {
      it(`${ruleId}: ${example.dialect} ${example.expectation} (${file}:${example.line})`, () => {
        const analysis = analyze(example.code, example.language, { rules: { [ruleId]: 'default' } });
        assert.equal(analysis.file.hasSyntaxErrors, false, 'the example must parse without errors');
        const own = analysis.findings.filter((finding) => finding.ruleId === ruleId);
        if (example.expectation === 'wrong') {
          assert.ok(own.length > 0, `expected a ${ruleId} finding; the analyzer found ${analysis.file.models.length} model(s) and ${analysis.findings.map((f) => f.ruleId).join(', ') || 'nothing'}`);
        } else {
          assert.deepEqual(own.map((finding) => finding.message), [], `expected no ${ruleId} finding`);
        }
      });
    }
  }
});

/** Type errors of TypeScript examples compiled together against the real `@tensorflow/tfjs` typings, by example. */
function typeErrors(examples: Example[]): string[] {
  // Virtual files beside the docs, so `@tensorflow/tfjs` resolves from the repository's node_modules.
  const sources = new Map(examples.map((example) => [path.join(docsFolder, `${example.file}-${example.line}.ts`), example.code]));
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true, skipLibCheck: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, version, onError, create) => {
    const text = sources.get(path.resolve(name));
    return text !== undefined ? ts.createSourceFile(name, text, version, true) : getSourceFile(name, version, onError, create);
  };
  host.fileExists = (name) => sources.has(path.resolve(name)) || fileExists(name);
  host.readFile = (name) => sources.get(path.resolve(name)) ?? readFile(name);
  return ts.getPreEmitDiagnostics(ts.createProgram([...sources.keys()], options, host)).map((diagnostic) => {
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    return `${diagnostic.file ? path.basename(diagnostic.file.fileName) : ''}:${where ? where.line + 1 : ''} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

describe('rule doc examples are real programs', () => {
  const all = pages.flatMap((file) => examplesOf(file));

  it('every Python example compiles with python3', () => {
    const python = all.filter((example) => example.language === 'python').map((example) => ({ name: `${example.file}:${example.line}`, code: example.code }));
    assert.ok(python.length > 0);
    const script = 'import json, sys\nfor block in json.load(sys.stdin):\n    try:\n        compile(block["code"], block["name"], "exec")\n    except SyntaxError as error:\n        print(block["name"], error)\n';
    const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(python), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '', 'examples that do not compile');
  });

  it('every TypeScript example type-checks against @tensorflow/tfjs', () => {
    const typescript = all.filter((example) => example.language === 'typescript');
    assert.ok(typescript.length > 0);
    assert.deepEqual(typeErrors(typescript), []);
  });
});
