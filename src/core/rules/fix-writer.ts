// Writes an initializer swap in the file's own dialect: a string stays a string,
// a class stays a class with the same module path and seed.

import { kerasClassName } from '../catalog/initializers';
import { kerasLayer } from '../catalog/layers';
import type { FileIR, InitializerRef, LayerIR } from '../ir';
import type { Fix, RuleContext, TextEdit } from './types';

/** Edits that make `layer`'s kernel initializer `target` (a canonical name such as `he_normal`). */
export function kernelInitializerEdits(file: FileIR, source: string, layer: LayerIR, target: string): TextEdit[] {
  const ref = layer.kernelInitializer;
  if (!ref) return [];
  if (!ref.explicit || !ref.span) {
    // The kernel's keyword is the layer's own: `depthwise_initializer`, `embeddings_initializer`, …
    const keyword = kerasLayer(layer.kind)?.weights?.kernel.param ?? 'kernel_initializer';
    return addKeywordArgument(source, layer, keyword, `${file.quote}${target}${file.quote}`);
  }
  return replaceInitializer(file, ref, target);
}

function replaceInitializer(file: FileIR, ref: InitializerRef, target: string): TextEdit[] {
  const span = ref.span!;
  const form = ref.form;
  if (form.kind === 'string') return [{ from: span.from, to: span.to, text: `${form.quote}${target}${form.quote}` }];
  if (form.kind === 'class') {
    const className = kerasClassName(target);
    const seed = form.seedText !== undefined ? `seed=${form.seedText}` : '';
    const edits: TextEdit[] = [{ from: span.from, to: span.to, text: `${form.qualifier}${className}(${seed})` }];
    if (form.qualifier === '') edits.push(...importEdits(file, className));
    return edits;
  }
  return [{ from: span.from, to: span.to, text: `${file.quote}${target}${file.quote}` }];
}

/** A bare class name needs an import: add it to the `from keras.initializers import …` list. */
function importEdits(file: FileIR, className: string): TextEdit[] {
  if (file.imports.some((binding) => binding.local === className)) return [];
  const initializerImport = file.imports.find(
    (binding) => binding.appendAt !== undefined && /(^|\.)initializers\.[A-Za-z_]+$/.test(binding.path),
  );
  if (!initializerImport) return [];
  return [{ from: initializerImport.appendAt!, to: initializerImport.appendAt!, text: `, ${className}` }];
}

/** Adds `keyword=value` as the last argument of the layer's call, matching its layout. */
function addKeywordArgument(source: string, layer: LayerIR, keyword: string, value: string): TextEdit[] {
  const close = layer.argsSpan.to - 1;
  if (source[close] !== ')') return [];
  let last = close - 1;
  while (last > layer.argsSpan.from && /\s/.test(source[last])) last--;
  const argument = `${keyword}=${value}`;
  if (source[last] === '(') return [{ from: close, to: close, text: argument }];
  if (source[last] === ',') {
    const multiline = source.slice(layer.argsSpan.from, close).includes('\n');
    if (!multiline) return [{ from: last + 1, to: last + 1, text: ` ${argument}` }];
    const lineStart = source.lastIndexOf('\n', last) + 1;
    const indent = /^[ \t]*/.exec(source.slice(lineStart, last))![0];
    return [{ from: last + 1, to: last + 1, text: `\n${indent}${argument},` }];
  }
  return [{ from: last + 1, to: last + 1, text: `, ${argument}` }];
}

/** The fix every initializer rule offers: swap in `target`, titled by the rule's `useInitializer` message. */
export function swapInitializerFix(context: RuleContext, layer: LayerIR, target: string, activation: string, safety: Fix['safety']): Fix {
  return {
    messageId: 'useInitializer',
    data: { initializer: target, activation },
    edits: kernelInitializerEdits(context.file, context.source, layer, target),
    safety,
  };
}
