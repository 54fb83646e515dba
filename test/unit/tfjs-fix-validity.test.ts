// Fixes that stay valid, with TF.js as the oracle: every TF.js fixture, after all its fixes,
// type-checks against the real @tensorflow/tfjs typings, builds in Node, and the built layers
// carry the initializer classes the fixes wrote; fixing a second time changes nothing.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import * as tf from '@tensorflow/tfjs';
import { analyze, applyEdits, compatibleEdits, type Language } from '../../src/core';
import { tfjsInitializerByIdentifier } from '../../src/core/catalog/tfjs';
import { tfjsKernelOption } from '../../src/core/rules/fix-writer-tfjs';

const root = path.join(__dirname, '..', '..', '..');
const folder = path.join(root, 'test', 'fixtures', 'tfjs');

// The CPU backend's "install tfjs-node" hint is for users, not for test output.
tf.env().set('IS_TEST', true);

function languageOf(file: string): Language {
  return file.endsWith('.js') ? 'javascript' : 'typescript';
}

function fixAll(text: string, language: Language): { text: string; fixed: number } {
  const fixes = analyze(text, language).findings.flatMap((finding) => (finding.fix ? [finding.fix] : []));
  const edits = compatibleEdits(fixes);
  return { text: applyEdits(text, edits), fixed: fixes.length };
}

/** Type errors of `text` compiled as a file next to the fixtures (so `@tensorflow/tfjs` resolves from the repo). */
function typeErrors(text: string, file: string): string[] {
  const fileName = path.join(folder, `__fixed__${path.extname(file)}`);
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true, skipLibCheck: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], allowJs: true, checkJs: false,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) =>
    path.resolve(name) === fileName ? ts.createSourceFile(name, text, version, true) : getSourceFile(name, version, onError, create);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === fileName || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === fileName ? text : readFile(name));
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    return `${where ? `${where.line + 1}:${where.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

/** Runs a fixture's (fixed) source as a CommonJS module with the real TF.js and returns its `buildModel()`. */
function buildModel(text: string, file: string): tf.LayersModel {
  const { outputText } = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }, fileName: file });
  const module = { exports: {} as { buildModel?: () => tf.LayersModel } };
  const requireFromFixtures = (id: string): unknown => {
    assert.equal(id, '@tensorflow/tfjs', `fixtures import only @tensorflow/tfjs, not ${id}`);
    return tf;
  };
  new Function('require', 'module', 'exports', outputText)(requireFromFixtures, module, module.exports);
  assert.equal(typeof module.exports.buildModel, 'function', `${file} exports buildModel`);
  return module.exports.buildModel!();
}

/**
 * The class TF.js built for a layer's weight: `initializer.constructor.className` (`HeNormal`;
 * `getClassName()` says `VarianceScaling` for every preset). Recurrent layers keep theirs on the cell.
 */
function initializerClass(layer: tf.layers.Layer, option: string): string {
  const owner = (layer as unknown as { cell?: unknown }).cell ?? layer;
  const initializer = (owner as Record<string, unknown>)[option];
  assert.ok(initializer instanceof tf.serialization.Serializable, `${layer.name}.${option} is an initializer`);
  return (initializer.constructor as unknown as { className: string }).className;
}

const fixtures = fs.readdirSync(folder).filter((name) => /\.(ts|js)$/.test(name) && !name.startsWith('__'));

describe('TF.js fixtures after fix-all', () => {
  it('there are at least six fixtures, TypeScript and JavaScript', () => {
    assert.ok(fixtures.length >= 6);
    assert.ok(fixtures.some((name) => name.endsWith('.ts')) && fixtures.some((name) => name.endsWith('.js')));
  });

  it('the type-check rejects what a careless swap would write (so its silence above means something)', () => {
    const head = "import * as tf from '@tensorflow/tfjs';\nexport const init = ";
    assert.deepEqual(typeErrors(`${head}tf.initializers.heNormal({ seed: 1 });\n`, 'probe.ts'), []);
    assert.equal(typeErrors(`${head}tf.initializers.heNormal({ mean: 0 });\n`, 'probe.ts').length, 1);
    assert.equal(typeErrors(`${head}tf.initializers.heNormal();\n`, 'probe.ts').length, 1);
  });

  for (const name of fixtures) {
    describe(name, () => {
      const language = languageOf(name);
      const original = fs.readFileSync(path.join(folder, name), 'utf8');
      const { text: fixed, fixed: fixCount } = fixAll(original, language);

      it('has fixable findings before the fix, and none after', () => {
        assert.ok(fixCount > 0, 'at least one finding carries a fix');
        assert.notEqual(fixed, original);
        const left = analyze(fixed, language).findings.filter((finding) => finding.fix);
        assert.deepEqual(left.map((finding) => `${finding.ruleId}: ${finding.message}`), []);
      });

      it('type-checks against the @tensorflow/tfjs typings before and after', () => {
        assert.deepEqual(typeErrors(original, name), []);
        assert.deepEqual(typeErrors(fixed, name), []);
      });

      it('builds in TF.js with the initializer classes the fixes wrote', () => {
        const model = buildModel(fixed, name);
        const written = new Map<string, string>();
        const fixedModels = analyze(fixed, language).file.models;
        const originalLayers = new Map(analyze(original, language).file.models.flatMap((m) => m.layers).map((layer) => [layer.name, layer]));
        for (const layer of fixedModels.flatMap((m) => m.layers)) {
          const before = originalLayers.get(layer.name);
          const ref = layer.kernelInitializer;
          if (!ref?.explicit || !ref.span || !before?.kernelInitializer) continue;
          const writtenText = fixed.slice(ref.span.from, ref.span.to);
          const beforeText = before.kernelInitializer.span ? original.slice(before.kernelInitializer.span.from, before.kernelInitializer.span.to) : undefined;
          if (writtenText === beforeText) continue; // not touched by a fix
          const identifier = ref.form.kind === 'tfjs-call' ? fixed.slice(ref.form.nameSpan.from, ref.form.nameSpan.to) : writtenText.slice(1, -1);
          const row = tfjsInitializerByIdentifier(identifier);
          assert.ok(row, `the fix wrote a TF.js initializer: ${writtenText}`);
          assert.ok(layer.config.name === layer.name, `fixed layers in fixtures carry a name: ${layer.name}`);
          written.set(layer.name, row.className);
          assert.equal(initializerClass(model.getLayer(layer.name), tfjsKernelOption(layer)), row.className, `${layer.name}: ${writtenText}`);
        }
        assert.ok(written.size > 0, 'some layer got its initializer from a fix');
      });

      it('is a fixed point: fixing again changes nothing', () => {
        assert.equal(fixAll(fixed, language).text, fixed);
      });
    });
  }
});
