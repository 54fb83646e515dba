// Writes an initializer swap in TF.js's dialect: a string identifier stays a string in its quote,
// a `tf.initializers.x({…})` call stays a call with its arguments object where the new factory
// takes it, and a missing initializer becomes a property of the layer's options object.

import type { SyntaxNode } from '@lezer/common';
import { tfjsInitializerForCanonical, tfjsLayerOfKind, type TfjsInitializerRow } from '../catalog/tfjs';
import { hasSyntaxErrors, parseSnippet } from '../parse';
import type { FileIR, InitializerRef, LayerIR } from '../ir';
import { holdsFramework } from './graph';
import type { TextEdit } from './types';

/** The TF.js spelling of a canonical initializer name (`he_normal` → `heNormal`, `lecun_normal` → `leCunNormal`). */
export function tfjsInitializerName(canonical: string): string {
  return tfjsInitializerForCanonical(canonical)?.name ?? canonical;
}

/** The TF.js option that holds `layer`'s kernel initializer (`kernelInitializer`, `depthwiseInitializer`, …). */
export function tfjsKernelOption(layer: LayerIR): string {
  return tfjsLayerOfKind(layer.kind)?.weights?.kernel.option ?? 'kernelInitializer';
}

/** Edits that make `layer`'s kernel initializer `target` (a canonical name such as `he_normal`). */
export function tfjsKernelInitializerEdits(file: FileIR, source: string, layer: LayerIR, target: string): TextEdit[] {
  const ref = layer.kernelInitializer;
  const row = tfjsInitializerForCanonical(target);
  if (!ref || !row) return [];
  if (!ref.explicit || !ref.span) {
    if (!layer.optionsSpan) return []; // `tf.layers.flatten()`: no options object to add to
    return insertProperty(source, file, layer.optionsSpan, tfjsKernelOption(layer), `${file.quote}${row.name}${file.quote}`);
  }
  return replaceInitializer(file, ref, row);
}

function replaceInitializer(file: FileIR, ref: InitializerRef, row: TfjsInitializerRow): TextEdit[] {
  const span = ref.span!;
  const form = ref.form;
  if (form.kind === 'string') return [{ from: span.from, to: span.to, text: `${form.quote}${row.name}${form.quote}` }];
  if (form.kind === 'tfjs-call') {
    return [{ from: span.from, to: span.to, text: `${form.qualifier}${row.name}(${keptArguments(file, form.argsText, row)})` }];
  }
  return [{ from: span.from, to: span.to, text: `${file.quote}${row.name}${file.quote}` }];
}

/**
 * The arguments the new factory gets: the old object when the factory declares every property
 * it sets (TypeScript rejects excess properties in an object literal), else only its `seed`.
 * Factories that take an arguments object require one, so `{}` stands in for none.
 */
function keptArguments(file: FileIR, argsText: string | undefined, row: TfjsInitializerRow): string {
  if (!row.accepts) return '';
  if (argsText === undefined) return '{}';
  const object = parseObject(argsText, file.language);
  if (!object) return '{}';
  const keys = object.properties.map((property) => property.key);
  if (!object.open && keys.every((key) => key !== undefined && row.accepts!.includes(key))) return argsText;
  const seed = row.accepts.includes('seed') ? object.properties.find((property) => property.key === 'seed') : undefined;
  return seed ? `{${argsText.slice(seed.from, seed.to)}}` : '{}';
}

interface ParsedProperty {
  /** The key, undefined for a computed or spread entry. */
  key: string | undefined;
  from: number;
  to: number;
}

/** Reads an object literal's text with the parser: its properties with offsets into `text`. */
function parseObject(text: string, language: FileIR['language']): { properties: ParsedProperty[]; open: boolean } | undefined {
  const object = objectNodeOf(`(${text})`, language);
  if (!object) return undefined;
  const properties: ParsedProperty[] = [];
  let open = false;
  for (const property of object.node.getChildren('Property')) {
    const first = property.firstChild;
    if (first?.name === 'Spread' || first?.name === '[') open = true;
    const key = first?.name === 'PropertyDefinition' ? object.text.slice(first.from, first.to) : first?.name === 'String' ? object.text.slice(first.from + 1, first.to - 1) : undefined;
    properties.push({ key, from: property.from - 1, to: property.to - 1 });
  }
  return { properties, open };
}

function objectNodeOf(text: string, language: FileIR['language']): { node: SyntaxNode; text: string } | undefined {
  const tree = parseSnippet(text, language === 'python' ? 'typescript' : language);
  let found: SyntaxNode | undefined;
  tree.iterate({
    enter(node) {
      if (found) return false;
      if (node.name === 'ObjectExpression' && node.from === 1 && node.to === text.length - 1) found = node.node;
      return undefined;
    },
  });
  return found ? { node: found, text } : undefined;
}

/**
 * Adds `option: value` as the last property of the options object at `objectSpan`, matching its
 * layout: `{units: 8}` → `{units: 8, kernelInitializer: 'heNormal'}`; in a multi-line object a
 * line of its own with the last property's indentation, after any comment that ends that line,
 * keeping a trailing comma when the object has one.
 */
function insertProperty(source: string, file: FileIR, objectSpan: { from: number; to: number }, option: string, value: string): TextEdit[] {
  const text = source.slice(objectSpan.from, objectSpan.to);
  const parsed = objectNodeOf(`(${text})`, file.language);
  if (!parsed) return [];
  const at = (offset: number) => objectSpan.from + offset - 1; // parsed offsets → source offsets
  const children: SyntaxNode[] = [];
  for (let child = parsed.node.firstChild; child; child = child.nextSibling) children.push(child);
  const properties = children.filter((child) => child.name === 'Property');
  const close = children.at(-1);
  // Half-typed options (an error anywhere inside) are left alone: the new property would land
  // where the extractor cannot read it, and every fix-all would add it again.
  if (close?.name !== '}' || hasSyntaxErrors(parsed.node)) return [];
  const property = `${option}: ${value}`;
  const last = properties.at(-1);
  if (!last) return [{ from: at(close.from), to: at(close.from), text: property }];

  const multiline = source.slice(at(parsed.node.from), at(last.from)).includes('\n');
  const comma = last.nextSibling?.name === ',' ? last.nextSibling : undefined;
  if (!multiline) return [{ from: at(last.to), to: at(last.to), text: `, ${property}` }];

  // After the last property (and its comma), past comments that end its line.
  const anchor = comma ?? last;
  let end = at(anchor.to);
  for (let next = anchor.nextSibling; next && next.name !== '}' && next.type.isSkipped; next = next.nextSibling) {
    if (source.slice(end, at(next.from)).includes('\n')) break;
    end = at(next.to);
  }
  const indent = indentationAt(source, at(last.from));
  if (comma) return [{ from: end, to: end, text: `\n${indent}${property},` }];
  return [{ from: at(last.to), to: end, text: `,${source.slice(at(last.to), end)}\n${indent}${property}` }];
}

/** The indentation a new line lined up with the text at `offset` needs. */
function indentationAt(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const before = source.slice(lineStart, offset);
  return before.trim() === '' ? before : ' '.repeat(before.length);
}

/** True when `layer` belongs to a TF.js model of `file`: its fixes are written in TF.js's dialect. */
export function isTfjsLayer(file: FileIR, layer: LayerIR): boolean {
  return holdsFramework(file, 'tfjs') && file.models.some((model) => model.framework === 'tfjs' && model.layers.includes(layer));
}
