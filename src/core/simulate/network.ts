// Lowers a ModelIR into the network both estimates run on: one node per operation
// (a Dense with `activation='relu'` becomes a matmul node and an activation node), each
// with its per-example output shape (channels last). Anything the engine cannot follow
// exactly stops the lowering with a reason; nothing is guessed.

import type { ActivationName } from '../catalog/activations';
import { computeFans, elementMoments, type Fans } from '../catalog/variance';
import { statedFans } from '../catalog/torch';
import type { InitializerSpec } from '../catalog/initializers';
import type { ConfigValue, Framework, LayerIR, ModelIR } from '../ir';
import type { SimActivation } from './activation-math';
import { outputAxis, type Padding } from './kernels';

export type { Padding } from './kernels';

/** A weight matrix and how it is drawn. */
export interface KernelSpec {
  spec: InitializerSpec;
  /** The real layer's fans: they set the sampled variance. */
  fans: Fans;
  /** Kernel shape as the framework stores it: [...window, in, out] (Dense: [in, out]). */
  shape: number[];
}

export type SimOp =
  | { op: 'input'; indices?: { vocabulary: number } }
  | { op: 'dense'; units: number; kernel: KernelSpec; bias?: InitializerSpec }
  | { op: 'conv'; filters: number; window: number[]; strides: number[]; padding: Padding; kernel: KernelSpec; bias?: InitializerSpec }
  /** Each channel convolved with its own window (depth multiplier 1): kernel [...window, channels, 1]. */
  | { op: 'depthwise'; window: number[]; strides: number[]; padding: Padding; kernel: KernelSpec; bias?: InitializerSpec }
  /** The adjoint of a convolution: kernel [...window, filters, inChannels]. */
  | { op: 'conv_transpose'; filters: number; window: number[]; strides: number[]; padding: Padding; kernel: KernelSpec; bias?: InitializerSpec }
  | { op: 'embedding'; vocabulary: number; outputDim: number; kernel: KernelSpec }
  | { op: 'activation'; activation: SimActivation }
  | { op: 'batch_norm'; epsilon: number }
  | { op: 'layer_norm'; epsilon: number }
  | { op: 'dropout'; rate: number }
  | { op: 'pool'; kind: 'max' | 'avg'; pool: number[]; strides: number[]; padding: Padding }
  | { op: 'global_pool'; kind: 'max' | 'avg' }
  | { op: 'reshape' }
  | { op: 'add' }
  | { op: 'concat' };

export type SimNode = SimOp & {
  inputs: number[];
  /** Per-example output shape, channels last. */
  shape: number[];
  /** The model layer this node comes from. */
  layerIndex: number;
};

/** A layer that owns a kernel: one row of the report. */
export interface ReportedLayer {
  layerIndex: number;
  /** The node holding the kernel. */
  kernelNode: number;
  /** The node whose output is the layer's reported activation (folded activations, norms, pooling). */
  outputNode: number;
  activation: ActivationName;
  /** The first activation node folded into the layer, if any. */
  activationNode?: number;
  fans: Fans;
  spec: InitializerSpec;
  variance: number;
}

export interface Network {
  framework: Framework;
  inputShape: number[];
  nodes: SimNode[];
  reported: ReportedLayer[];
}

export type Lowered = { network: Network } | { reason: string };

const product = (values: readonly number[]): number => values.reduce((a, b) => a * b, 1);

/** product(shape.slice(0, -1)), multiplied in the same order, without the copy. */
function leadingProduct(shape: readonly number[]): number {
  let result = 1;
  for (let i = 0; i < shape.length - 1; i++) result *= shape[i];
  return result;
}

/** A literal argument, or undefined when it was not written; a non-literal one stops the simulation. */
function configOf(layer: LayerIR, key: string): ConfigValue | undefined {
  if (layer.dynamicArguments?.includes(key)) fail(`${layer.name}: ${key} must be a literal to simulate`);
  return layer.config[key];
}

function tuple(value: ConfigValue | undefined, rank: number, fallback: number): number[] | undefined {
  if (value === undefined || value === null) return Array(rank).fill(fallback);
  let values: number[] | undefined;
  if (typeof value === 'number') values = Array(rank).fill(value);
  else if (Array.isArray(value) && value.length === rank) values = value;
  else if (Array.isArray(value) && value.length === 1) values = Array(rank).fill(value[0]); // `kernel_size=3` as the extractor records it
  // Window sizes, strides and dilations are positive integers; anything else is a model Keras would reject.
  return values?.every((size) => Number.isInteger(size) && size > 0) ? values : undefined;
}

/** Output size per axis, as TensorFlow computes it for a window sliding with `stride`. */
const slidingOutput = (size: number, window: number, stride: number, padding: Padding): number => outputAxis(size, window, stride, padding).out;

const CONV_RANK: Record<string, number> = { Conv1D: 1, Conv2D: 2, Conv3D: 3 };
const TRANSPOSE_RANK: Record<string, number> = { Conv1DTranspose: 1, Conv2DTranspose: 2, Conv3DTranspose: 3 };
const DEPTHWISE_RANK: Record<string, number> = { DepthwiseConv1D: 1, DepthwiseConv2D: 2, SeparableConv1D: 1, SeparableConv2D: 2 };
const POOL: Record<string, { kind: 'max' | 'avg'; rank: number; global: boolean }> = {
  MaxPooling1D: { kind: 'max', rank: 1, global: false },
  MaxPooling2D: { kind: 'max', rank: 2, global: false },
  MaxPooling3D: { kind: 'max', rank: 3, global: false },
  AveragePooling1D: { kind: 'avg', rank: 1, global: false },
  AveragePooling2D: { kind: 'avg', rank: 2, global: false },
  AveragePooling3D: { kind: 'avg', rank: 3, global: false },
  GlobalAveragePooling1D: { kind: 'avg', rank: 1, global: true },
  GlobalAveragePooling2D: { kind: 'avg', rank: 2, global: true },
  GlobalAveragePooling3D: { kind: 'avg', rank: 3, global: true },
  GlobalMaxPooling1D: { kind: 'max', rank: 1, global: true },
  GlobalMaxPooling2D: { kind: 'max', rank: 2, global: true },
  GlobalMaxPooling3D: { kind: 'max', rank: 3, global: true },
};
const RECURRENT = new Set(['SimpleRNN', 'LSTM', 'GRU']);
/** Keras's epsilon for BatchNormalization and LayerNormalization; TF.js uses the same. */
const NORMALIZATION_EPSILON = 1e-3;

/** A model (or a part of it) the engine cannot follow; the message says why, for the user. */
export class NotSimulated extends Error {
  constructor(reason: string) {
    // An expected answer, not a bug: nobody reads its stack, and capturing one cost more than
    // lowering the model (on a generated file, a third of all the lowering time).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(reason);
    Error.stackTraceLimit = limit;
  }
}

function fail(reason: string): never {
  throw new NotSimulated(reason);
}

/** The activation a layer applies, as the simulator's function (with its slope or alpha). */
export function simActivation(layer: LayerIR, framework: Framework): SimActivation | undefined {
  let name: ActivationName | 'unknown' = layer.activation.name;
  if (layer.kind === 'ReLU') {
    const maxValue = configOf(layer, 'max_value');
    const slope = configOf(layer, 'negative_slope');
    if (configOf(layer, 'threshold')) fail(`${layer.name}: ReLU with a threshold is not simulated`);
    if (typeof slope === 'number' && slope !== 0) return { name: 'leaky_relu', framework, negativeSlope: slope };
    if (maxValue === 6) name = 'relu6';
    else if (maxValue !== undefined && maxValue !== null) fail(`${layer.name}: ReLU with max_value=${String(maxValue)} is not simulated`);
  }
  if (name === 'unknown') fail(`${layer.name}: its activation cannot be read statically`);
  if (name === 'linear') return undefined;
  if (name === 'log_softmax') fail(`${layer.name}: log_softmax is not simulated`);
  const activation: SimActivation = { name, framework };
  const slope = layer.kind === 'LeakyReLU' ? configOf(layer, 'negative_slope') : undefined;
  if (layer.kind === 'LeakyReLU') activation.negativeSlope = typeof slope === 'number' ? slope : 0.3; // the layer's default (the function's is 0.2)
  if (layer.kind === 'PReLU') activation.negativeSlope = 0; // PReLU's slope initializer is zeros: ReLU at initialization
  const alpha = layer.kind === 'ELU' ? configOf(layer, 'alpha') : undefined;
  if (typeof alpha === 'number') activation.alpha = alpha;
  return activation;
}

function inputShapeOf(model: ModelIR): number[] | undefined {
  for (const layer of model.layers) {
    if (layer.inputShape) return layer.inputShape;
    if (layer.role !== 'input') break;
  }
  return undefined;
}

function kernelSpecOf(layer: LayerIR, shape: number[]): KernelSpec {
  const spec = layer.kernelInitializer?.spec;
  if (!spec) fail(`${layer.name}: its kernel initializer cannot be read statically`);
  // The fans the framework's initializer uses: PyTorch states them with the layer's sizes (an
  // Embedding's fan-in is its dim, not its vocabulary), the stored kernel shape gives Keras's.
  return { spec, fans: statedFans(layer) ?? computeFans(shape), shape };
}

function biasOf(layer: LayerIR): InitializerSpec | undefined {
  if (configOf(layer, 'use_bias') === false) return undefined;
  const ref = layer.biasInitializer;
  if (ref && !ref.spec) fail(`${layer.name}: its bias initializer cannot be read statically`);
  return ref?.spec;
}

function numberConfig(layer: LayerIR, key: string, fallback: number): number {
  const value = configOf(layer, key);
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number') fail(`${layer.name}: ${key} must be a literal number to simulate`);
  return value;
}

function paddingOf(layer: LayerIR): Padding {
  const padding = configOf(layer, 'padding') ?? 'valid';
  if (padding !== 'same' && padding !== 'valid') fail(`${layer.name}: padding=${JSON.stringify(padding)} is not simulated`);
  return padding;
}

function channelsLast(layer: LayerIR): void {
  const format = configOf(layer, 'data_format');
  if (format !== undefined && format !== null && format !== 'channels_last') fail(`${layer.name}: only channels_last data is simulated`);
}

/** Ops that fold into the reported layer before them when they are its output's only consumer. */
const FOLDABLE = new Set<SimOp['op']>(['activation', 'batch_norm', 'layer_norm', 'dropout', 'pool', 'global_pool', 'reshape']);

/** `[...shape.slice(0, -1), last]` with one array fewer. */
function withLast(shape: readonly number[], last: number): number[] {
  const result = shape.slice(0, -1);
  result.push(last);
  return result;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((size, i) => size === b[i]);

class Lowering {
  readonly nodes: SimNode[] = [];
  /** The node that carries each model layer's output, by layer index. */
  private readonly outputOf: number[] = [];

  constructor(
    private readonly model: ModelIR,
    private readonly inputShape: number[],
  ) {}

  private push(op: SimOp, inputs: number[], shape: number[], layerIndex: number): number {
    for (const size of shape) if (!Number.isInteger(size) || size < 1) fail(`${this.model.layers[layerIndex]?.name ?? 'the input'}: its output would be empty`);
    // op is a fresh literal: it becomes the node (Object.assign cost more than the rest of the push).
    const node = op as SimNode;
    node.inputs = inputs;
    node.shape = shape;
    node.layerIndex = layerIndex;
    this.nodes.push(node);
    return this.nodes.length - 1;
  }

  lower(): Network {
    const reported: ReportedLayer[] = [];
    this.lowerLayers((index, kernelNode, kernel) => {
      reported.push({
        layerIndex: index,
        kernelNode,
        outputNode: this.nodes.length - 1,
        activation: 'linear',
        fans: kernel.fans,
        spec: kernel.spec,
        variance: elementMoments(kernel.spec, kernel.fans, this.model.framework, {
          rows: leadingProduct(kernel.shape),
          cols: kernel.shape[kernel.shape.length - 1],
        }).variance,
      });
    });
    if (reported.length === 0) fail('the model has no layer with a kernel');
    this.fold(reported);
    return { framework: this.model.framework, inputShape: this.inputShape, nodes: this.nodes, reported };
  }

  /** Lowers every layer in forward order, handing each layer's kernel to `onKernel` as soon as it is lowered. */
  lowerLayers(onKernel: (layerIndex: number, kernelNode: number, kernel: KernelSpec) => void): void {
    const entry = this.push({ op: 'input' }, [], this.inputShape, 0);
    const layers = this.model.layers;
    for (let index = 0; index < layers.length; index++) {
      const layer = layers[index];
      let inputs: number[];
      if (layer.inputs.length === 0) inputs = [entry];
      else {
        inputs = [];
        for (const input of layer.inputs) inputs.push(this.outputOf[input] ?? fail(`${layer.name}: its input is not simulated`));
      }
      const kernelNode = this.layer(layer, index, inputs);
      if (kernelNode !== undefined) onKernel(index, kernelNode, (this.nodes[kernelNode] as Extract<SimNode, { kernel: KernelSpec }>).kernel);
      this.outputOf[index] = this.nodes.length - 1;
    }
  }

  /** Extends each reported layer's output through the activation, normalization and pooling nodes that follow it alone. */
  private fold(reported: ReportedLayer[]): void {
    // How often each node's output is consumed, and by which node (the only one, where that matters).
    const uses = new Array<number>(this.nodes.length).fill(0);
    const user = new Array<number>(this.nodes.length).fill(-1);
    this.nodes.forEach((node, i) => {
      for (const input of node.inputs) {
        uses[input]++;
        user[input] = i;
      }
    });
    for (const row of reported) {
      let current = row.kernelNode;
      let activation: ActivationName = 'linear';
      for (;;) {
        if (uses[current] !== 1) break;
        const next = user[current];
        const sameLayer = this.nodes[next].layerIndex === this.nodes[row.kernelNode].layerIndex;
        if (!(sameLayer || FOLDABLE.has(this.nodes[next].op))) break;
        current = next;
        const node = this.nodes[current];
        if (node.op === 'activation' && row.activationNode === undefined) {
          activation = node.activation.name;
          row.activationNode = current;
        }
      }
      row.outputNode = current;
      row.activation = activation;
    }
  }

  /** Convolutions of every kind: plain, transposed, depthwise, separable (depthwise then 1×1). */
  private windowed(layer: LayerIR, index: number, inputs: number[], rank: number): number {
    channelsLast(layer);
    const inShape = this.nodes[inputs[0]].shape;
    const channels = inShape[inShape.length - 1];
    if (inShape.length !== rank + 1) fail(`${layer.name}: expects a ${rank + 1}-d input per example, gets [${inShape.join(', ')}]`);
    const window = tuple(layer.kernelSize ?? fail(`${layer.name}: kernel_size must be literal`), rank, 1) ?? fail(`${layer.name}: kernel_size must be literal positive integers`);
    const strides = tuple(configOf(layer, 'strides'), rank, 1) ?? fail(`${layer.name}: strides must be literal positive integers`);
    const dilation = tuple(configOf(layer, 'dilation_rate'), rank, 1);
    if (!dilation || dilation.some((d) => d !== 1)) fail(`${layer.name}: dilated convolutions are not simulated`);
    if (numberConfig(layer, 'groups', 1) !== 1) fail(`${layer.name}: grouped convolutions are not simulated`);
    const padding = paddingOf(layer);
    const inSpatial = inShape.slice(0, -1);
    const bias = biasOf(layer);
    if (TRANSPOSE_RANK[layer.kind] !== undefined) {
      const outputPadding = configOf(layer, 'output_padding');
      if (outputPadding !== undefined && outputPadding !== null) fail(`${layer.name}: output_padding is not simulated`);
      const filters = layer.units ?? fail(`${layer.name}: filters must be a literal number to simulate`);
      // Keras: 'same' gives size·stride; 'valid' adds the window's overhang.
      const spatial = inSpatial.map((size, axis) => size * strides[axis] + (padding === 'valid' ? Math.max(window[axis] - strides[axis], 0) : 0));
      const kernel = kernelSpecOf(layer, [...window, filters, channels]);
      const node = this.push({ op: 'conv_transpose', filters, window, strides, padding, kernel, bias }, inputs, [...spatial, filters], index);
      this.activate(layer, index, node);
      return node;
    }
    const spatial = inSpatial.map((size, axis) => slidingOutput(size, window[axis], strides[axis], padding));
    if (DEPTHWISE_RANK[layer.kind] !== undefined) {
      if (numberConfig(layer, 'depth_multiplier', 1) !== 1) fail(`${layer.name}: depth_multiplier other than 1 is not simulated`);
      const separable = layer.kind.startsWith('Separable');
      const kernel = kernelSpecOf(layer, [...window, channels, 1]);
      const depthwise = this.push({ op: 'depthwise', window, strides, padding, kernel, ...(separable ? {} : { bias }) }, inputs, [...spatial, channels], index);
      if (!separable) {
        this.activate(layer, index, depthwise);
        return depthwise;
      }
      const filters = layer.units ?? fail(`${layer.name}: filters must be a literal number to simulate`);
      const pointwiseSpec = layer.extraInitializers?.pointwise?.spec ?? fail(`${layer.name}: its pointwise initializer cannot be read statically`);
      const pointwiseShape = [...Array(rank).fill(1), channels, filters];
      const pointwise: KernelSpec = { spec: pointwiseSpec, fans: computeFans(pointwiseShape), shape: pointwiseShape };
      const ones = Array(rank).fill(1);
      const mixed = this.push({ op: 'conv', filters, window: ones, strides: ones, padding: 'valid', kernel: pointwise, bias }, [depthwise], [...spatial, filters], index);
      this.activate(layer, index, mixed);
      return depthwise; // the reported kernel: the one `depthwise_initializer` draws
    }
    const filters = layer.units ?? fail(`${layer.name}: filters must be a literal number to simulate`);
    const kernel = kernelSpecOf(layer, [...window, channels, filters]);
    const node = this.push({ op: 'conv', filters, window, strides, padding, kernel, bias }, inputs, [...spatial, filters], index);
    this.activate(layer, index, node);
    return node;
  }

  /** The activation node a layer's `activation` argument adds after node `from`, if any. */
  private activate(layer: LayerIR, index: number, from: number): void {
    const activation = simActivation(layer, this.model.framework);
    if (activation) this.push({ op: 'activation', activation }, [from], this.nodes[from].shape, index);
  }

  /** Lowers one layer; returns its kernel node when it owns a kernel. */
  private layer(layer: LayerIR, index: number, inputs: number[]): number | undefined {
    const framework = this.model.framework;
    const input = this.nodes[inputs[0]];
    const inShape = input.shape;
    const channels = inShape[inShape.length - 1];
    if (RECURRENT.has(layer.kind)) fail(`${layer.name}: recurrent layers (${layer.kind}) are not simulated yet`);
    if (layer.kind === 'Dense') {
      const units = layer.units ?? fail(`${layer.name}: units must be a literal number to simulate`);
      const kernel = kernelSpecOf(layer, [channels, units]);
      const node = this.push({ op: 'dense', units, kernel, bias: biasOf(layer) }, inputs, withLast(inShape, units), index);
      this.activate(layer, index, node);
      return node;
    }
    const rank = CONV_RANK[layer.kind] ?? TRANSPOSE_RANK[layer.kind] ?? DEPTHWISE_RANK[layer.kind];
    if (rank !== undefined) return this.windowed(layer, index, inputs, rank);
    if (layer.kind === 'Embedding') {
      if (index !== 0 && this.model.layers[layer.inputs[0] ?? 0]?.role !== 'input') fail(`${layer.name}: Embedding is simulated only as the first layer`);
      const vocabulary = numberConfig(layer, 'input_dim', NaN);
      const outputDim = layer.units ?? numberConfig(layer, 'output_dim', NaN);
      if (!Number.isFinite(vocabulary) || !Number.isFinite(outputDim)) fail(`${layer.name}: input_dim and output_dim must be literal numbers`);
      (this.nodes[0] as Extract<SimNode, { op: 'input' }>).indices = { vocabulary };
      const kernel = kernelSpecOf(layer, [vocabulary, outputDim]);
      return this.push({ op: 'embedding', vocabulary, outputDim, kernel }, inputs, [...inShape, outputDim], index);
    }
    const pool = POOL[layer.kind];
    if (pool) {
      channelsLast(layer);
      if (inShape.length !== pool.rank + 1) fail(`${layer.name}: expects a ${pool.rank + 1}-d input per example`);
      if (pool.global) {
        this.push({ op: 'global_pool', kind: pool.kind }, inputs, [channels], index);
        return undefined;
      }
      const size = tuple(configOf(layer, 'pool_size'), pool.rank, 2) ?? fail(`${layer.name}: pool_size must be literal positive integers`);
      const strides = tuple(configOf(layer, 'strides'), pool.rank, NaN)?.map((s, axis) => (Number.isNaN(s) ? size[axis] : s)) ?? fail(`${layer.name}: strides must be literal`);
      const padding = paddingOf(layer);
      const spatial = inShape.slice(0, -1).map((length, axis) => slidingOutput(length, size[axis], strides[axis], padding));
      this.push({ op: 'pool', kind: pool.kind, pool: size, strides, padding }, inputs, [...spatial, channels], index);
      return undefined;
    }
    switch (layer.kind) {
      case 'InputLayer':
        if (this.nodes.length > 1) fail(`${layer.name}: models with several inputs are not simulated yet`);
        return undefined; // the entry node already carries the input
      case 'Activation':
      case 'ReLU':
      case 'LeakyReLU':
      case 'PReLU':
      case 'ELU':
      case 'Softmax': {
        const activation = simActivation(layer, framework);
        this.push(activation ? { op: 'activation', activation } : { op: 'reshape' }, inputs, inShape, index);
        return undefined;
      }
      case 'BatchNormalization':
        this.push({ op: 'batch_norm', epsilon: numberConfig(layer, 'epsilon', NORMALIZATION_EPSILON) }, inputs, inShape, index);
        return undefined;
      case 'LayerNormalization':
        this.push({ op: 'layer_norm', epsilon: numberConfig(layer, 'epsilon', NORMALIZATION_EPSILON) }, inputs, inShape, index);
        return undefined;
      case 'Dropout':
      case 'SpatialDropout1D':
      case 'SpatialDropout2D': {
        const rate = numberConfig(layer, 'rate', NaN);
        if (!(rate >= 0 && rate < 1)) fail(`${layer.name}: rate must be a literal number in [0, 1)`);
        if (layer.kind !== 'Dropout' && rate > 0) fail(`${layer.name}: spatial dropout is not simulated`);
        this.push({ op: 'dropout', rate }, inputs, inShape, index);
        return undefined;
      }
      case 'Flatten':
        this.push({ op: 'reshape' }, inputs, [product(inShape)], index);
        return undefined;
      case 'Reshape': {
        const target = configOf(layer, 'target_shape');
        if (!Array.isArray(target)) fail(`${layer.name}: target_shape must be literal`);
        const known = product(target.filter((size) => size !== -1));
        const shape = target.map((size) => (size === -1 ? product(inShape) / known : size));
        if (product(shape) !== product(inShape)) fail(`${layer.name}: target_shape does not match its input`);
        this.push({ op: 'reshape' }, inputs, shape, index);
        return undefined;
      }
      case 'Add': {
        if (inputs.length < 2) fail(`${layer.name}: Add needs two inputs that can be traced`);
        if (inputs.some((i) => !sameShape(this.nodes[i].shape, inShape))) fail(`${layer.name}: Add of different shapes is not simulated`);
        this.push({ op: 'add' }, inputs, inShape, index);
        return undefined;
      }
      case 'Concatenate': {
        const axis = configOf(layer, 'axis') ?? -1;
        if (axis !== -1 && axis !== inShape.length) fail(`${layer.name}: only concatenation on the last axis is simulated`);
        const width = inputs.reduce((sum, i) => sum + this.nodes[i].shape[this.nodes[i].shape.length - 1], 0);
        this.push({ op: 'concat' }, inputs, withLast(inShape, width), index);
        return undefined;
      }
      default:
        fail(`${layer.name}: ${layer.kind} layers are not simulated yet`);
    }
  }
}

/**
 * Whether a layer of this kind owns the kernel of a report row when its model is lowered: every
 * such layer of a lowered model is reported, with its own `kernelInitializer` as the row's spec.
 */
export function reportsKernel(kind: string): boolean {
  return !RECURRENT.has(kind) && (kind === 'Dense' || kind === 'Embedding' || (CONV_RANK[kind] ?? TRANSPOSE_RANK[kind] ?? DEPTHWISE_RANK[kind]) !== undefined);
}

/** The network to simulate for `model`, or the reason it cannot be simulated. */
export function lowerModel(model: ModelIR): Lowered {
  if (model.depthKnown === false) return { reason: 'a loop repeats some layers an unknown number of times, so the depth is unknown' };
  const inputShape = inputShapeOf(model);
  if (!inputShape) {
    // A PyTorch module states its inputs' size only through its first layer (in_features, in_channels), never an image's side.
    if (model.framework === 'torch') return { reason: 'the input shape is unknown: a PyTorch module does not state it beyond its first layer (in_features, or in_channels without the spatial size)' };
    const hint = model.framework === 'tfjs' ? 'tf.input({shape: […]}) or the first layer an inputShape' : 'keras.Input(shape=…) or the first layer an input_shape';
    return { reason: `the input shape is unknown: give the model a ${hint}` };
  }
  try {
    return { network: new Lowering(model, inputShape).lower() };
  } catch (error) {
    if (error instanceof NotSimulated) return { reason: error.message };
    throw error;
  }
}

/** Stands in for an initializer or activation that cannot be read: shapes do not depend on them. */
const SHAPE_ONLY_SPEC: InitializerSpec = { kind: 'constant', name: 'unknown', value: undefined };

/**
 * The fans of every kernel layer whose input shape follows from the model's input shape, by
 * layer index. Only shapes matter here, so an initializer or activation that cannot be read
 * does not stop the walk; it stops at the first layer whose output shape cannot be followed,
 * and the layers after it are absent (unknown, never guessed). A layer built in a loop of
 * unknown trip count stops it too: its input is the previous layer's on the first trip and its
 * own output on the next. The fans are the framework's own (`computeFans` of the stored kernel
 * shape), the ones variance-scaling initializers use; a layer whose constructor states its fans
 * (PyTorch's) has those wherever the walk does not reach it.
 */
export function kernelFans(model: ModelIR): Map<number, Fans> {
  const fans = new Map<number, Fans>();
  // Where shapes cannot be followed (no input shape, past the first unknown layer), fans a
  // constructor states stand: PyTorch's Linear(in, out), Conv2d(in, out, k).
  const withStated = (): Map<number, Fans> => {
    model.layers.forEach((layer, index) => {
      const stated = layer.role === 'kernel' && !fans.has(index) ? statedFans(layer) : undefined;
      if (stated) fans.set(index, stated);
    });
    return fans;
  };
  const inputShape = inputShapeOf(model);
  if (!inputShape) return withStated();
  const looped = model.layers.findIndex((layer) => layer.inUnknownLoop);
  const shapesOnly: ModelIR = {
    ...model,
    layers: model.layers.slice(0, looped === -1 ? undefined : looped).map((layer) => ({
      ...layer,
      activation: { name: 'linear' },
      ...(layer.kernelInitializer ? { kernelInitializer: { ...layer.kernelInitializer, spec: layer.kernelInitializer.spec ?? SHAPE_ONLY_SPEC } } : {}),
      biasInitializer: undefined,
      dynamicArguments: layer.dynamicArguments?.filter((name) => name !== 'use_bias'),
      ...(layer.extraInitializers?.pointwise
        ? { extraInitializers: { ...layer.extraInitializers, pointwise: { ...layer.extraInitializers.pointwise, spec: layer.extraInitializers.pointwise.spec ?? SHAPE_ONLY_SPEC } } }
        : {}),
    })),
  };
  try {
    new Lowering(shapesOnly, inputShape).lowerLayers((index, _node, kernel) => fans.set(index, kernel.fans));
  } catch (error) {
    if (!(error instanceof NotSimulated)) throw error;
  }
  return withStated();
}
