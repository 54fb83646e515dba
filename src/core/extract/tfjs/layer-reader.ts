// Reads one TF.js layer factory call — its options object — into a layer draft: Keras kind and
// config keys, units, activation, input shape and each weight's initializer with its TF.js default.

import type { SyntaxNode } from '@lezer/common';
import { activationByName } from '../../catalog/activations';
import type { ArgValues } from '../../catalog/initializers';
import { kerasConfigValue, kerasParameter, tfjsInitializerFactory, tfjsSpec, type TfjsLayerRow, type TfjsWeightParam } from '../../catalog/tfjs';
import type { ActivationRef, InitializerRef, LayerIR, Span } from '../../ir';
import { childNamed, spanOf } from '../../parse';
import type { LayerDraft } from '../layer-draft';
import { callArguments, literalValue, objectProperties, sameNode, shapeValue, stringContent, unwrap, type ObjectProperty } from './syntax';

export const span = spanOf;
export type { LayerDraft };

/** Constants visible in a scope: `const name = value` of the function, then of the module. */
export interface Constants {
  get(name: string): SyntaxNode | undefined;
}

/** What the reader needs from the extractor: the text, and names and constants resolved. */
export interface ValueReader {
  readonly source: string;
  text(node: SyntaxNode): string;
  symbolOf(node: SyntaxNode): { type: string; name?: string } | undefined;
  resolveValue(node: SyntaxNode, constants: Constants): SyntaxNode;
}

/** Reads one layer factory call's options object into a draft. */
export class LayerReader {
  private properties = new Map<string, ObjectProperty>();
  /** Options not written literally (a variable, a spread): any key not listed is unknown. */
  private open = false;

  constructor(
    private readonly extractor: ValueReader,
    private readonly constants: Constants,
  ) {}

  read(call: SyntaxNode, row: TfjsLayerRow): LayerDraft {
    const argList = childNamed(call, 'ArgList')!;
    const args = callArguments(argList);
    const options = args?.[0];
    let optionsSpan: Span | undefined;
    if (!args) this.open = true;
    else if (options) {
      const object = this.extractor.resolveValue(options, this.constants);
      if (object.name === 'ObjectExpression') {
        ({ properties: this.properties, open: this.open } = objectProperties(object, this.extractor.source));
        // Only an object written in the call is edited: a shared one would change other layers too.
        if (sameNode(unwrap(options), object)) optionsSpan = span(object);
      } else {
        this.open = true;
      }
    }
    const config: LayerIR['config'] = {};
    const dynamic: string[] = [];
    for (const [key, property] of this.properties) {
      const parameter = kerasParameter(row, key);
      const value = literalValue(this.value(property), this.extractor.source);
      if (value !== undefined) config[parameter] = kerasConfigValue(parameter, value);
      else if (!['input_shape', 'batch_input_shape'].includes(parameter)) dynamic.push(parameter);
    }
    const keras = row.keras;
    const name = config.name;
    const layer: LayerDraft['layer'] = {
      kind: keras.kind,
      role: keras.role,
      span: span(call),
      argsSpan: span(argList),
      ...(optionsSpan ? { optionsSpan } : {}),
      activation: this.activation(row),
      config,
      ...(dynamic.length > 0 ? { dynamicArguments: dynamic } : {}),
      ...(typeof name === 'string' ? { name } : {}),
    };
    const units = keras.unitsParam ? config[keras.unitsParam] : undefined;
    if (typeof units === 'number') layer.units = units;
    const kernelSize = config.kernel_size;
    if (typeof kernelSize === 'number') layer.kernelSize = [kernelSize];
    else if (Array.isArray(kernelSize)) layer.kernelSize = kernelSize;
    const inputShape = this.inputShape(row);
    if (inputShape) layer.inputShape = inputShape;
    if (row.weights) {
      const { kernel, bias, extra } = row.weights;
      layer.kernelInitializer = this.initializer(kernel);
      if (bias) layer.biasInitializer = this.initializer(bias);
      if (extra) {
        layer.extraInitializers = {};
        for (const [role, param] of Object.entries(extra)) {
          // tfjs-layers 4.22's SeparableConv builds its pointwise kernel from `depthwiseInitializer`
          // (and ignores `pointwiseInitializer`): TF.js is what runs, so that is what it samples.
          // Its span stays with the kernel's, so no rule reports the one argument twice.
          if (role === 'pointwise') {
            const { spec, explicit } = this.initializer({ ...kernel, default: param.default });
            layer.extraInitializers[role] = { spec, explicit, form: { kind: 'other' } };
          } else {
            layer.extraInitializers[role] = this.initializer(param);
          }
        }
      }
    }
    return { node: call, upstream: [], layer };
  }

  private value(property: ObjectProperty): SyntaxNode {
    return this.extractor.resolveValue(property.value, this.constants);
  }

  private inputShape(row: TfjsLayerRow): number[] | undefined {
    const shapeOf = (key: string, dropBatch: boolean): number[] | undefined => {
      const property = this.properties.get(key);
      if (!property) return undefined;
      const shape = shapeValue(this.value(property), this.extractor.source);
      return fixedShape(dropBatch ? shape?.slice(1) : shape);
    };
    const numberOf = (key: string): number[] | undefined => {
      const property = this.properties.get(key);
      const value = property ? literalValue(this.value(property), this.extractor.source) : undefined;
      return typeof value === 'number' ? [value] : undefined;
    };
    // `inputDim` is the vocabulary of an Embedding (its `inputLength` is the shape); elsewhere a 1-d input shape.
    const vocabulary = row.keras.params.includes('input_dim');
    return shapeOf('inputShape', false) ?? shapeOf('batchInputShape', true) ?? (vocabulary ? numberOf('inputLength') : numberOf('inputDim'));
  }

  private activation(row: TfjsLayerRow): ActivationRef {
    const keras = row.keras;
    if (keras.fixedActivation) return { name: activationByName(keras.fixedActivation) ?? 'unknown' };
    const property = this.properties.get('activation');
    if (!property) return this.open ? { name: 'unknown' } : { name: keras.defaultActivation ?? 'linear' };
    const value = this.value(property);
    const where = span(property.value);
    const literal = literalValue(value, this.extractor.source);
    if (typeof literal === 'string') return { name: activationByName(literal) ?? 'unknown', span: where };
    if (literal === null || (value.name === 'VariableName' && this.extractor.text(value) === 'undefined')) return { name: keras.defaultActivation ?? 'linear', span: where };
    return { name: 'unknown', span: where };
  }

  private initializer(param: TfjsWeightParam): InitializerRef {
    const property = this.properties.get(param.option);
    if (!property) {
      return this.open
        ? { spec: undefined, explicit: true, form: { kind: 'other' } }
        : { spec: tfjsSpec(param.default), explicit: false, form: { kind: 'other' } };
    }
    const written = property.value;
    const node = this.value(property);
    const where = span(written);
    // Through a variable, a swap rewrites the reference here (the constant may serve other layers).
    const direct = sameNode(unwrap(written), node);
    const text = this.extractor.source;
    const identifier = stringContent(node, text);
    if (identifier !== undefined) {
      const spec = tfjsSpec(identifier);
      return { spec, explicit: true, span: where, form: direct && node.name === 'String' ? { kind: 'string', quote: text[node.from] } : { kind: 'other' } };
    }
    if (node.name === 'null' || (node.name === 'VariableName' && this.extractor.text(node) === 'undefined')) {
      return { spec: tfjsSpec(param.default), explicit: false, form: { kind: 'other' } };
    }
    if (node.name !== 'CallExpression' || !node.firstChild) return { spec: undefined, explicit: true, span: where, form: { kind: 'other' } };
    const callee = unwrap(node.firstChild);
    const symbol = this.extractor.symbolOf(callee);
    const row = symbol?.type === 'initializer' && symbol.name ? tfjsInitializerFactory(symbol.name) : undefined;
    const argList = childNamed(node, 'ArgList');
    if (!row || !argList || callee.name !== 'MemberExpression' && callee.name !== 'VariableName') {
      return { spec: undefined, explicit: true, span: where, form: { kind: 'other' } };
    }
    const args = callArguments(argList);
    const options = args?.[0];
    const values: ArgValues = {};
    let readable = args !== undefined;
    if (options) {
      const object = this.extractor.resolveValue(options, this.constants);
      if (object.name === 'ObjectExpression') {
        const { properties, open } = objectProperties(object, text);
        if (open) readable = false;
        for (const [key, item] of properties) {
          const literal = literalValue(this.extractor.resolveValue(item.value, this.constants), text);
          values[key] = literal === undefined || Array.isArray(literal) ? null : literal;
        }
      } else {
        readable = false;
      }
    }
    const nameNode = callee.name === 'MemberExpression' ? callee.lastChild! : callee;
    return {
      spec: readable ? row.build(values) : undefined,
      explicit: true,
      span: where,
      form: direct
        ? { kind: 'tfjs-call', qualifier: text.slice(callee.from, nameNode.from), nameSpan: span(nameNode), ...(options ? { argsText: this.extractor.text(options) } : {}) }
        : { kind: 'other' },
    };
  }
}

/** A draft for something in a model that is not a catalogued layer: unknown, never guessed. */
export function unknownDraft(node: SyntaxNode): LayerDraft {
  return {
    node,
    upstream: [],
    layer: { kind: 'Unknown', role: 'other', span: span(node), argsSpan: span(node), activation: { name: 'unknown' }, config: {} },
  };
}

/** A shape whose sizes are all known; undefined when any is open (`null`) or it is not literal. */
export function fixedShape(shape: (number | null)[] | undefined): number[] | undefined {
  return shape && shape.every((size): size is number => size !== null) ? shape : undefined;
}

