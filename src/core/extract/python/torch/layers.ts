// torch.nn module constructors → layers: the config in Keras's parameter names, the sizes, the
// fan-in the constructor states, and the initializers PyTorch's reset_parameters applies.

import type { SyntaxNode } from '@lezer/common';
import type { ActivationName } from '../../../catalog/activations';
import {
  TORCH_DEFAULT_KERNEL_SPEC, TORCH_EMBEDDING_SPEC, torchDefaultBiasSpec, torchRecurrentDefaultSpec, type TorchModuleRow,
} from '../../../catalog/torch';
import type { InitializerSpec } from '../../../catalog/initializers';
import type { ConfigValue, InitializerRef } from '../../../ir';
import { spanOf } from '../../../parse';
import type { LayerState, Value } from './values';

/** A literal value as a config value: scalars, None, tuples and lists of numbers. */
export function configValueOf(value: Value | undefined): ConfigValue | undefined {
  if (!value) return undefined;
  if (value.k === 'const') return value.value;
  if (value.k === 'seq' && !value.open) {
    const numbers = value.items.map((item) => (item.k === 'const' && typeof item.value === 'number' ? item.value : undefined));
    return numbers.every((n): n is number => n !== undefined) ? numbers : undefined;
  }
  return undefined;
}

/** A size per spatial axis: an int for every axis, or one per axis. */
function perAxis(value: ConfigValue | undefined, rank: number): number[] | undefined {
  if (typeof value === 'number') return Array<number>(rank).fill(value);
  if (Array.isArray(value) && value.length === rank) return value;
  return undefined;
}

const product = (values: readonly number[]): number => values.reduce((a, b) => a * b, 1);

/**
 * PyTorch's integer padding in Keras's terms, where it is one: no padding is 'valid'; for a
 * convolution, 2p = dilation·(k − 1) on every axis keeps the size ('same', as far as output sizes
 * and the signal's statistics go); for a transposed convolution, 2p = k − stride. Anything else
 * stays as written (the simulation then says it does not follow it).
 */
function kerasPadding(padding: ConfigValue | undefined, kernel: number[] | undefined, strides: number[] | undefined, dilation: number[] | undefined, transposed: boolean): ConfigValue | undefined {
  if (padding === 'same' || padding === 'valid') return padding;
  if (!kernel) return padding;
  const pads = perAxis(padding, kernel.length);
  if (!pads) return padding;
  if (pads.every((p) => p === 0) && (!transposed || kernel.every((k, axis) => k >= (strides?.[axis] ?? 1)))) return 'valid';
  const same = pads.every((p, axis) => (transposed ? 2 * p === kernel[axis] - (strides?.[axis] ?? 1) : 2 * p === (dilation?.[axis] ?? 1) * (kernel[axis] - 1)));
  return same ? 'same' : padding;
}

export interface BuiltLayer {
  layer: LayerState;
  /** The module's parameters and their number of dimensions (undefined when unknown). */
  params: Map<string, number | undefined>;
  /** The constructor's literal arguments (and defaults) by PyTorch's names: `m.in_features` reads them. */
  torchArgs: Record<string, ConfigValue>;
}

const defaultRef = (spec: InitializerSpec | undefined): InitializerRef => ({ spec, explicit: false, form: { kind: 'other' } });

/** The layer a catalogued module's constructor builds. */
export function buildLayer(row: TorchModuleRow, call: SyntaxNode, argList: SyntaxNode, bound: Map<string, { value: Value }>, open: boolean, inUnknownLoop: boolean): BuiltLayer {
  const torchArgs: Record<string, ConfigValue> = { ...(row.defaults ?? {}) };
  const dynamic: string[] = [];
  for (const [name, { value }] of bound) {
    if (name === 'device' || name === 'dtype') continue;
    const literal = configValueOf(value);
    if (literal === undefined) {
      delete torchArgs[name];
      dynamic.push(name);
    } else torchArgs[name] = literal;
  }
  // Arguments passed through **kwargs may override any default: only what is written is known.
  if (open) for (const name of Object.keys(row.defaults ?? {})) if (!bound.has(name)) delete torchArgs[name];
  const number = (name: string): number | undefined => (typeof torchArgs[name] === 'number' ? (torchArgs[name] as number) : undefined);

  const config: Record<string, ConfigValue> = {};
  const renamed = (name: string): string => row.rename?.[name] ?? name;
  for (const [name, value] of Object.entries(torchArgs)) config[renamed(name)] = value;
  const dynamicArguments = dynamic.map(renamed);

  const layer: LayerState = {
    kind: row.kind,
    role: row.role,
    span: spanOf(call),
    argsSpan: spanOf(argList),
    activation: activationOf(row, torchArgs),
    config,
    ...(dynamicArguments.length > 0 ? { dynamicArguments } : {}),
    ...(inUnknownLoop ? { inUnknownLoop: true as const } : {}),
  };
  if (row.unitsParam && number(row.unitsParam) !== undefined) layer.units = number(row.unitsParam);
  const params = new Map<string, number | undefined>();
  const rank = row.rank ?? 0;
  const kernel = rank > 0 ? perAxis(torchArgs.kernel_size, rank) : undefined;
  const withBias = torchArgs.bias !== false;

  switch (row.weights) {
    case 'linear':
    case 'conv':
    case 'conv_transpose': {
      if (kernel) layer.kernelSize = kernel;
      const groups = number('groups') ?? (row.weights === 'linear' ? 1 : undefined);
      // PyTorch's fan_in of the weight: Linear [out, in]; ConvNd [out, in/groups, *k]; ConvTransposeNd [in, out/groups, *k].
      const inputs = row.weights === 'linear' ? number('in_features') : row.weights === 'conv' ? number('in_channels') : number('out_channels');
      const statedFanIn = inputs !== undefined && groups !== undefined && (row.weights === 'linear' || kernel) ? (inputs / groups) * product(kernel ?? []) : undefined;
      if (statedFanIn !== undefined && Number.isFinite(statedFanIn) && statedFanIn > 0) layer.statedFanIn = statedFanIn;
      if (row.weights !== 'linear') {
        const strides = perAxis(torchArgs.stride, rank);
        const dilation = perAxis(torchArgs.dilation, rank);
        const padding = kerasPadding(torchArgs.padding, kernel, strides, dilation, row.weights === 'conv_transpose');
        if (padding !== undefined) config.padding = padding;
        // No output padding is Keras's None (which the simulation takes as "none").
        if (config.output_padding === 0 || (Array.isArray(config.output_padding) && config.output_padding.every((p) => p === 0))) delete config.output_padding;
      }
      layer.kernelInitializer = defaultRef(TORCH_DEFAULT_KERNEL_SPEC);
      if (withBias) layer.biasInitializer = defaultRef(torchDefaultBiasSpec(layer.statedFanIn));
      params.set('weight', row.weights === 'linear' ? 2 : rank + 2);
      if (withBias) params.set('bias', 1);
      break;
    }
    case 'embedding': {
      const dim = number('embedding_dim');
      // PyTorch's fan_in of the [num_embeddings, embedding_dim] weight is its dim 1.
      if (dim !== undefined && dim > 0) layer.statedFanIn = dim;
      layer.kernelInitializer = defaultRef(TORCH_EMBEDDING_SPEC);
      params.set('weight', 2);
      break;
    }
    case 'recurrent': {
      const hidden = number('hidden_size');
      const input = number('input_size');
      if (input !== undefined && input > 0) layer.statedFanIn = input;
      const spec = torchRecurrentDefaultSpec(hidden);
      layer.kernelInitializer = defaultRef(spec);
      layer.extraInitializers = { recurrent: defaultRef(spec) };
      if (withBias) layer.biasInitializer = defaultRef(spec);
      const cell = !row.params.includes('num_layers');
      const layers = cell ? 1 : number('num_layers');
      const directions = cell || torchArgs.bidirectional === false ? [''] : torchArgs.bidirectional === true ? ['', '_reverse'] : undefined;
      // Parameter names are listed one by one: a stack deeper than any real one (num_layers=2**31)
      // would exhaust memory, so its parameters stay unnamed.
      if (layers !== undefined && layers <= MAX_LISTED_RECURRENT_LAYERS && directions) {
        for (let l = 0; l < layers; l++) {
          for (const suffix of directions) {
            const at = cell ? '' : `_l${l}${suffix}`;
            params.set(`weight_ih${at}`, 2);
            params.set(`weight_hh${at}`, 2);
            if (withBias) {
              params.set(`bias_ih${at}`, 1);
              params.set(`bias_hh${at}`, 1);
            }
          }
        }
      }
      break;
    }
    case 'norm': {
      const affine = torchArgs.affine ?? torchArgs.elementwise_affine;
      const shape = torchArgs.normalized_shape;
      const dims = Array.isArray(shape) ? shape.length : typeof shape === 'number' ? 1 : row.kind === 'LayerNormalization' ? undefined : 1;
      if (affine !== false) {
        params.set('weight', dims);
        params.set('bias', dims);
      }
      break;
    }
    default:
      if (rank > 0) poolConfig(layer, config, rank);
  }
  if (row.kind === 'LeakyReLU' && row.params.includes('num_parameters')) params.set('weight', 1); // PReLU's slopes
  return { layer, params, torchArgs };
}

/** Recurrent stacks up to this depth have their parameters listed by name (`weight_ih_l0`, …). */
const MAX_LISTED_RECURRENT_LAYERS = 1024;

/**
 * Pooling in Keras's terms: no padding is 'valid'; a stride left out is the window (as in Keras);
 * an adaptive pool to one position per channel is a global pool.
 */
function poolConfig(layer: LayerState, config: Record<string, ConfigValue>, rank: number): void {
  if (layer.kind.startsWith('Adaptive')) {
    const size = config.output_size;
    if (size === 1 || (Array.isArray(size) && size.length === rank && size.every((s) => s === 1))) {
      layer.kind = `Global${layer.kind.includes('Max') ? 'Max' : 'Average'}Pooling${rank}D`;
      delete config.output_size;
    }
    return;
  }
  if (config.strides === null) delete config.strides;
  const pads = perAxis(config.padding, rank);
  if (pads?.every((p) => p === 0)) config.padding = 'valid';
}

function activationOf(row: TorchModuleRow, torchArgs: Record<string, ConfigValue>): LayerState['activation'] {
  if (!row.activation) return { name: 'linear' };
  const name: ActivationName | 'unknown' = typeof row.activation === 'function' ? row.activation(torchArgs) : row.activation;
  return { name };
}

/** A torch.nn class the catalog does not know: a layer of unknown effect. */
export function unknownLayer(className: string, call: SyntaxNode, argList: SyntaxNode, inUnknownLoop: boolean): LayerState {
  return {
    kind: className, role: 'other', span: spanOf(call), argsSpan: spanOf(argList), activation: { name: 'unknown' }, config: {},
    ...(inUnknownLoop ? { inUnknownLoop: true as const } : {}),
  };
}
