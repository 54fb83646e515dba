// The Monte-Carlo estimate: real forward and backward passes over a batch of i.i.d.
// normal inputs, with kernels sampled as the framework samples them. Layers wider than
// `maxWidth` are simulated at that width; their kernels keep the real element variance
// and the forward (backward) pass is rescaled by √(real/simulated fan-in (fan-out)), so
// fan_in·Var(W) — and fan_out·Var(W) going back — are the real layer's.

import { activationFamily } from '../catalog/activations';
import { applyActivation, backpropActivation, scalarActivation, softmaxBackward, softmaxRows, type SimActivation } from './activation-math';
import {
  avgPoolBackward, avgPoolForward, col2im, convGeometry, depthwiseBackward, depthwiseForward, im2col, matmul, matmulTransposeA, matmulTransposeB,
  maxPoolBackward, maxPoolForward, poolGeometry, type ConvGeometry, type PoolGeometry,
} from './kernels';
import { NotSimulated, type Network, type SimNode } from './network';
import { fillNormal, sampleMatrix, seededRng, type Rng } from './random';

export interface MonteCarloOptions {
  batch: number;
  /** One full pass per seed; the report gives the mean and spread over them. */
  seeds: readonly number[];
  /** Widest layer simulated as is. */
  maxWidth: number;
  /** Called after each pass, for progress indicators. */
  onPass?: (done: number, total: number) => void;
}

export interface Spread {
  mean: number;
  std: number;
}

export interface MonteCarloLayer {
  activationRms: Spread;
  gradientRms: Spread;
  /** ReLU units that output zero for every example of the batch. */
  deadFraction: number;
  /** tanh/sigmoid-like outputs whose derivative is below a tenth of its peak. */
  saturatedFraction: number;
}

interface OnePass {
  activationRms: number;
  gradientRms: number;
  deadFraction: number;
  saturatedFraction: number;
}

const product = (values: readonly number[]): number => values.reduce((a, b) => a * b, 1);
/** 64 Mi float32 values (256 MB): beyond this a pass would stall the editor's worker or the CLI. */
const MAX_ELEMENTS = 64 * 2 ** 20;
const last = (shape: readonly number[]): number => shape[shape.length - 1];

/** What one seed's pass needs besides the weights: simulated shapes and rescaling. */
interface Plan {
  shapes: number[][];
  /** Kernel matrices as simulated (rows × cols), with the forward and backward rescaling. */
  kernels: Map<number, { rows: number; cols: number; forwardScale: number; backwardScale: number }>;
  conv: Map<number, ConvGeometry>;
  pool: Map<number, PoolGeometry>;
}

function plan(network: Network, batch: number, maxWidth: number): Plan {
  const shapes: number[][] = [];
  const kernels: Plan['kernels'] = new Map();
  const conv: Plan['conv'] = new Map();
  const pool: Plan['pool'] = new Map();
  const cap = (width: number): number => Math.min(width, maxWidth);
  network.nodes.forEach((node, index) => {
    const inShape = shapes[node.inputs[0]];
    const realIn = network.nodes[node.inputs[0]]?.shape;
    switch (node.op) {
      case 'input':
        shapes.push(node.indices ? node.shape : [...node.shape.slice(0, -1), cap(last(node.shape))]);
        break;
      case 'dense': {
        const rows = last(inShape);
        const cols = cap(node.units);
        const identity = node.kernel.spec.kind === 'identity';
        kernels.set(index, {
          rows, cols,
          forwardScale: identity ? 1 : Math.sqrt(last(realIn) / rows),
          backwardScale: identity ? 1 : Math.sqrt(node.units / cols),
        });
        shapes.push([...inShape.slice(0, -1), cols]);
        break;
      }
      case 'conv': {
        const channels = last(inShape);
        const filters = cap(node.filters);
        const geometry = convGeometry(batch, inShape.slice(0, -1), channels, node.window, node.strides, node.padding);
        conv.set(index, geometry);
        kernels.set(index, {
          rows: geometry.cols, cols: filters,
          forwardScale: Math.sqrt(last(realIn) / channels),
          backwardScale: Math.sqrt(node.filters / filters),
        });
        shapes.push([...geometry.outSpatial, filters]);
        break;
      }
      case 'depthwise': {
        // Channels do not mix: a capped channel count changes no channel's statistics.
        const channels = last(inShape);
        const geometry = convGeometry(batch, inShape.slice(0, -1), channels, node.window, node.strides, node.padding);
        conv.set(index, geometry);
        kernels.set(index, { rows: product(node.window) * channels, cols: 1, forwardScale: 1, backwardScale: 1 });
        shapes.push([...geometry.outSpatial, channels]);
        break;
      }
      case 'conv_transpose': {
        const channels = last(inShape);
        const filters = cap(node.filters);
        // Scattering into the output is gathering by the convolution from the output back to the input.
        const geometry = convGeometry(batch, node.shape.slice(0, -1), filters, node.window, node.strides, node.padding);
        if (geometry.outSpatial.join() !== inShape.slice(0, -1).join()) throw new NotSimulated('this transposed convolution\'s geometry is not simulated by Monte Carlo');
        conv.set(index, geometry);
        kernels.set(index, {
          rows: geometry.cols, cols: channels,
          forwardScale: Math.sqrt(last(realIn) / channels),
          backwardScale: Math.sqrt(node.filters / filters),
        });
        shapes.push([...node.shape.slice(0, -1), filters]);
        break;
      }
      case 'embedding': {
        const cols = cap(node.outputDim);
        kernels.set(index, { rows: node.vocabulary, cols, forwardScale: 1, backwardScale: 1 });
        shapes.push([...inShape, cols]);
        break;
      }
      case 'pool': {
        const geometry = poolGeometry(batch, inShape.slice(0, -1), last(inShape), node.pool, node.strides, node.padding);
        pool.set(index, geometry);
        shapes.push([...geometry.outSpatial, last(inShape)]);
        break;
      }
      case 'global_pool':
        shapes.push([last(inShape)]);
        break;
      case 'reshape':
        if (node.shape.length === 1) shapes.push([product(inShape)]);
        else if (product(inShape) === product(realIn)) shapes.push(node.shape);
        else throw new NotSimulated(`Reshape after a layer wider than ${maxWidth} units is not simulated by Monte Carlo`);
        break;
      case 'concat':
        shapes.push([...inShape.slice(0, -1), node.inputs.reduce((sum, i) => sum + last(shapes[i]), 0)]);
        break;
      default:
        shapes.push(inShape);
    }
  });
  // Buffers a pass holds at once: every node's values and gradients, kernels, im2col matrices.
  let elements = 0;
  shapes.forEach((shape) => (elements += 2 * batch * product(shape)));
  kernels.forEach(({ rows, cols }) => (elements += 2 * rows * cols));
  conv.forEach((geometry) => (elements += 2 * geometry.rows * geometry.cols));
  if (elements > MAX_ELEMENTS) {
    throw new NotSimulated(`Monte Carlo would need ${Math.round((elements * 4) / 2 ** 20)} MB at batch ${batch}; only the analytic estimate is shown`);
  }
  return { shapes, kernels, conv, pool };
}

function rms(values: Float32Array, scale = 1): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return values.length === 0 ? 0 : (Math.sqrt(sum / values.length) * scale);
}

/** Adds a per-channel bias (the last axis) to every position. */
function addBias(values: Float32Array, bias: Float32Array | undefined): void {
  if (!bias) return;
  const channels = bias.length;
  for (let i = 0; i < values.length; i++) values[i] += bias[i % channels];
}

function addInto(target: Float32Array, source: Float32Array, scale = 1): void {
  for (let i = 0; i < target.length; i++) target[i] += scale * source[i];
}

/** Per-channel (batch norm) or per-row (layer norm) standardization, keeping 1/σ for the backward pass. */
function normalize(input: Float32Array, out: Float32Array, channels: number, perRow: boolean, epsilon: number): Float32Array {
  const groups = perRow ? input.length / channels : channels;
  const inverse = new Float32Array(groups);
  const indexOf = perRow ? (group: number, k: number) => group * channels + k : (group: number, k: number) => k * channels + group;
  const size = perRow ? channels : input.length / channels;
  for (let group = 0; group < groups; group++) {
    let sum = 0;
    for (let k = 0; k < size; k++) sum += input[indexOf(group, k)];
    const mean = sum / size;
    let squares = 0;
    for (let k = 0; k < size; k++) squares += (input[indexOf(group, k)] - mean) ** 2;
    const inv = 1 / Math.sqrt(squares / size + epsilon);
    inverse[group] = inv;
    for (let k = 0; k < size; k++) out[indexOf(group, k)] = (input[indexOf(group, k)] - mean) * inv;
  }
  return inverse;
}

/** dx = (1/σ)(δ − mean δ − x̂·mean(δ x̂)) within each normalization group. */
function normalizeBackward(normalized: Float32Array, delta: Float32Array, inverse: Float32Array, channels: number, perRow: boolean, dInput: Float32Array): void {
  const groups = inverse.length;
  const indexOf = perRow ? (group: number, k: number) => group * channels + k : (group: number, k: number) => k * channels + group;
  const size = perRow ? channels : delta.length / channels;
  for (let group = 0; group < groups; group++) {
    let meanDelta = 0;
    let meanProduct = 0;
    for (let k = 0; k < size; k++) {
      const i = indexOf(group, k);
      meanDelta += delta[i];
      meanProduct += delta[i] * normalized[i];
    }
    meanDelta /= size;
    meanProduct /= size;
    for (let k = 0; k < size; k++) {
      const i = indexOf(group, k);
      dInput[i] += inverse[group] * (delta[i] - meanDelta - normalized[i] * meanProduct);
    }
  }
}

function onePass(network: Network, planned: Plan, batch: number, rng: Rng): OnePass[] {
  const { nodes, framework } = network;
  const { shapes, kernels } = planned;
  const size = (index: number): number => batch * product(shapes[index]);

  // Weights first, in node order, so the draws do not depend on the input's size.
  const weights = new Map<number, Float32Array>();
  const biases = new Map<number, Float32Array>();
  nodes.forEach((node, index) => {
    if (!('kernel' in node)) return;
    const { rows, cols } = kernels.get(index)!;
    const shape = node.kernel.shape;
    const real = { rows: product(shape.slice(0, -1)), cols: last(shape) };
    weights.set(index, sampleMatrix(new Float32Array(rows * cols), node.kernel.spec, node.kernel.fans, real, { rows, cols }, framework, rng));
    if (node.op !== 'embedding' && node.bias) {
      const units = last(node.shape);
      const simulated = last(shapes[index]);
      biases.set(index, sampleMatrix(new Float32Array(simulated), node.bias, { fanIn: units, fanOut: units }, { rows: 1, cols: units }, { rows: 1, cols: simulated }, framework, rng));
    }
  });

  const values: Float32Array[] = [];
  const indices = new Map<number, Int32Array>();
  const saved = new Map<number, Float32Array | Int32Array>();
  nodes.forEach((node, index) => {
    const input = values[node.inputs[0]];
    const out = (): Float32Array => new Float32Array(size(index));
    switch (node.op) {
      case 'input': {
        if (node.indices) {
          const ids = new Int32Array(size(index));
          for (let i = 0; i < ids.length; i++) ids[i] = Math.floor(rng() * node.indices.vocabulary);
          indices.set(index, ids);
          values.push(new Float32Array(0));
        } else {
          values.push(fillNormal(out(), rng));
        }
        break;
      }
      case 'dense':
      case 'conv': {
        const { rows, cols, forwardScale } = kernels.get(index)!;
        const result = out();
        let operand = input;
        if (node.op === 'conv') {
          const geometry = planned.conv.get(index)!;
          operand = new Float32Array(geometry.rows * geometry.cols);
          im2col(input, geometry, operand);
          saved.set(index, operand);
        }
        const positions = operand.length / rows;
        matmul(operand, weights.get(index)!, result, positions, rows, cols);
        for (let i = 0; i < result.length; i++) result[i] *= forwardScale;
        addBias(result, biases.get(index));
        values.push(result);
        break;
      }
      case 'depthwise': {
        const result = out();
        depthwiseForward(input, weights.get(index)!, planned.conv.get(index)!, result);
        addBias(result, biases.get(index));
        values.push(result);
        break;
      }
      case 'conv_transpose': {
        const { rows, cols, forwardScale } = kernels.get(index)!;
        const geometry = planned.conv.get(index)!;
        const scattered = new Float32Array(geometry.rows * geometry.cols);
        matmulTransposeB(input, weights.get(index)!, scattered, geometry.rows, rows, cols);
        const result = out();
        col2im(scattered, geometry, result);
        for (let i = 0; i < result.length; i++) result[i] *= forwardScale;
        addBias(result, biases.get(index));
        values.push(result);
        break;
      }
      case 'embedding': {
        const ids = indices.get(node.inputs[0])!;
        const { cols } = kernels.get(index)!;
        const table = weights.get(index)!;
        const result = out();
        for (let i = 0; i < ids.length; i++) result.set(table.subarray(ids[i] * cols, ids[i] * cols + cols), i * cols);
        values.push(result);
        break;
      }
      case 'activation': {
        const result = out();
        if (node.activation.name === 'softmax') softmaxRows(input, result, input.length / last(shapes[index]), last(shapes[index]));
        else applyActivation(node.activation, input, result);
        values.push(result);
        break;
      }
      case 'batch_norm':
      case 'layer_norm': {
        const result = out();
        saved.set(index, normalize(input, result, last(shapes[index]), node.op === 'layer_norm', node.epsilon));
        values.push(result);
        break;
      }
      case 'dropout': {
        const keep = 1 - node.rate;
        const mask = new Float32Array(input.length);
        for (let i = 0; i < mask.length; i++) mask[i] = rng() < keep ? 1 / keep : 0;
        saved.set(index, mask);
        const result = out();
        for (let i = 0; i < result.length; i++) result[i] = input[i] * mask[i];
        values.push(result);
        break;
      }
      case 'pool': {
        const geometry = planned.pool.get(index)!;
        const result = out();
        if (node.kind === 'max') {
          const argmax = new Int32Array(result.length);
          maxPoolForward(input, geometry, result, argmax);
          saved.set(index, argmax);
        } else {
          avgPoolForward(input, geometry, result);
        }
        values.push(result);
        break;
      }
      case 'global_pool': {
        const channels = last(shapes[index]);
        const positions = input.length / (batch * channels);
        const result = out();
        const argmax = new Int32Array(result.length);
        for (let b = 0; b < batch; b++) {
          for (let c = 0; c < channels; c++) {
            let best = -Infinity;
            let sum = 0;
            for (let p = 0; p < positions; p++) {
              const i = (b * positions + p) * channels + c;
              sum += input[i];
              if (input[i] > best) {
                best = input[i];
                argmax[b * channels + c] = i;
              }
            }
            result[b * channels + c] = node.kind === 'max' ? best : sum / positions;
          }
        }
        saved.set(index, argmax);
        values.push(result);
        break;
      }
      case 'reshape':
        values.push(input);
        break;
      case 'add': {
        const result = out();
        for (const i of node.inputs) addInto(result, values[i]);
        values.push(result);
        break;
      }
      case 'concat': {
        const result = out();
        const width = last(shapes[index]);
        let offset = 0;
        for (const i of node.inputs) {
          const part = last(shapes[i]);
          const source = values[i];
          for (let row = 0; row < result.length / width; row++) result.set(source.subarray(row * part, row * part + part), row * width + offset);
          offset += part;
        }
        values.push(result);
        break;
      }
    }
  });

  // Backward: δ = ∂(Σ y·g)/∂(node output), g ~ N(0, 1) at every output; ∂L/∂W = xᵀδ / B.
  const deltas: (Float32Array | undefined)[] = nodes.map(() => undefined);
  const consumed = new Set(nodes.flatMap((node) => node.inputs));
  nodes.forEach((_, index) => {
    if (!consumed.has(index)) deltas[index] = fillNormal(new Float32Array(size(index)), rng);
  });
  const deltaOf = (index: number): Float32Array => (deltas[index] ??= new Float32Array(size(index)));
  const gradientRms = new Map<number, number>();

  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index];
    const delta = deltas[index];
    if (!delta || node.op === 'input') continue;
    const inputIndex = node.inputs[0];
    const needsInput = nodes[inputIndex].op !== 'input';
    const input = values[inputIndex];
    switch (node.op) {
      case 'dense':
      case 'conv': {
        const { rows, cols, backwardScale } = kernels.get(index)!;
        const operand = node.op === 'conv' ? (saved.get(index) as Float32Array) : input;
        const positions = operand.length / rows;
        const gradient = new Float32Array(rows * cols);
        matmulTransposeA(operand, delta, gradient, positions, rows, cols);
        gradientRms.set(index, rms(gradient, 1 / batch));
        if (!needsInput) break;
        const dOperand = new Float32Array(operand.length);
        matmulTransposeB(delta, weights.get(index)!, dOperand, positions, rows, cols);
        if (node.op === 'conv') {
          const dInput = new Float32Array(input.length);
          col2im(dOperand, planned.conv.get(index)!, dInput);
          addInto(deltaOf(inputIndex), dInput, backwardScale);
        } else {
          addInto(deltaOf(inputIndex), dOperand, backwardScale);
        }
        break;
      }
      case 'depthwise': {
        const gradient = new Float32Array(weights.get(index)!.length);
        const dInput = new Float32Array(input.length);
        depthwiseBackward(input, weights.get(index)!, delta, planned.conv.get(index)!, dInput, gradient);
        gradientRms.set(index, rms(gradient, 1 / batch));
        if (needsInput) addInto(deltaOf(inputIndex), dInput);
        break;
      }
      case 'conv_transpose': {
        const { rows, cols, backwardScale } = kernels.get(index)!;
        const geometry = planned.conv.get(index)!;
        const gathered = new Float32Array(geometry.rows * geometry.cols);
        im2col(delta, geometry, gathered);
        const gradient = new Float32Array(rows * cols);
        matmulTransposeA(gathered, input, gradient, geometry.rows, rows, cols);
        gradientRms.set(index, rms(gradient, 1 / batch));
        if (!needsInput) break;
        const dInput = new Float32Array(input.length);
        matmul(gathered, weights.get(index)!, dInput, geometry.rows, rows, cols);
        addInto(deltaOf(inputIndex), dInput, backwardScale);
        break;
      }
      case 'embedding': {
        const ids = indices.get(inputIndex)!;
        const { rows, cols } = kernels.get(index)!;
        const gradient = new Float32Array(rows * cols);
        for (let i = 0; i < ids.length; i++) {
          const offset = ids[i] * cols;
          for (let c = 0; c < cols; c++) gradient[offset + c] += delta[i * cols + c];
        }
        gradientRms.set(index, rms(gradient, 1 / batch));
        break;
      }
      case 'activation': {
        const dInput = new Float32Array(delta.length);
        const width = last(shapes[index]);
        if (node.activation.name === 'softmax') softmaxBackward(values[index], delta, dInput, delta.length / width, width);
        else backpropActivation(node.activation, input, delta, dInput);
        addInto(deltaOf(inputIndex), dInput);
        break;
      }
      case 'batch_norm':
      case 'layer_norm':
        normalizeBackward(values[index], delta, saved.get(index) as Float32Array, last(shapes[index]), node.op === 'layer_norm', deltaOf(inputIndex));
        break;
      case 'dropout': {
        const mask = saved.get(index) as Float32Array;
        const target = deltaOf(inputIndex);
        for (let i = 0; i < delta.length; i++) target[i] += delta[i] * mask[i];
        break;
      }
      case 'pool': {
        const dInput = new Float32Array(input.length);
        if (node.kind === 'max') maxPoolBackward(delta, saved.get(index) as Int32Array, dInput);
        else avgPoolBackward(delta, planned.pool.get(index)!, dInput);
        addInto(deltaOf(inputIndex), dInput);
        break;
      }
      case 'global_pool': {
        const target = deltaOf(inputIndex);
        const channels = last(shapes[index]);
        const positions = input.length / (batch * channels);
        const argmax = saved.get(index) as Int32Array;
        for (let b = 0; b < batch; b++) {
          for (let c = 0; c < channels; c++) {
            const d = delta[b * channels + c];
            if (node.kind === 'max') target[argmax[b * channels + c]] += d;
            else for (let p = 0; p < positions; p++) target[(b * positions + p) * channels + c] += d / positions;
          }
        }
        break;
      }
      case 'reshape':
      case 'add':
        for (const i of node.inputs) if (nodes[i].op !== 'input') addInto(deltaOf(i), delta);
        break;
      case 'concat': {
        const width = last(shapes[index]);
        let offset = 0;
        for (const i of node.inputs) {
          const part = last(shapes[i]);
          const target = deltaOf(i);
          for (let row = 0; row < delta.length / width; row++) {
            for (let c = 0; c < part; c++) target[row * part + c] += delta[row * width + offset + c];
          }
          offset += part;
        }
        break;
      }
    }
  }

  return network.reported.map((row) => {
    const activation = row.activationNode !== undefined ? nodes[row.activationNode] : undefined;
    const units = activation ? unitHealth(activation, values[activation.inputs[0]], last(shapes[row.activationNode!])) : { dead: 0, saturated: 0 };
    return {
      activationRms: rms(values[row.outputNode]),
      gradientRms: gradientRms.get(row.kernelNode) ?? 0,
      deadFraction: units.dead,
      saturatedFraction: units.saturated,
    };
  });
}

/** Dead ReLU units (zero for the whole batch) and saturated tanh/sigmoid outputs. */
function unitHealth(node: SimNode, pre: Float32Array, width: number): { dead: number; saturated: number } {
  if (node.op !== 'activation') return { dead: 0, saturated: 0 };
  const act: SimActivation = node.activation;
  if (act.name === 'relu' || act.name === 'relu6') {
    let dead = 0;
    for (let unit = 0; unit < width; unit++) {
      let alive = false;
      for (let i = unit; i < pre.length && !alive; i += width) alive = pre[i] > 0 && (act.name === 'relu' || pre[i] < 6);
      if (!alive) dead++;
    }
    return { dead: dead / width, saturated: 0 };
  }
  if (activationFamily(act.name) !== 'saturating') return { dead: 0, saturated: 0 };
  const { derivative } = scalarActivation(act);
  const threshold = 0.1 * derivative(0);
  let saturated = 0;
  for (let i = 0; i < pre.length; i++) if (derivative(pre[i]) < threshold) saturated++;
  return { dead: 0, saturated: pre.length === 0 ? 0 : saturated / pre.length };
}

function spread(values: readonly number[]): Spread {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, std: values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0 };
}

export function monteCarloEstimate(network: Network, options: MonteCarloOptions): MonteCarloLayer[] {
  const planned = plan(network, options.batch, options.maxWidth);
  const passes = options.seeds.map((seed, k) => {
    const pass = onePass(network, planned, options.batch, seededRng(seed));
    options.onPass?.(k + 1, options.seeds.length);
    return pass;
  });
  // An exponential or badly scaled stack can overflow float32 within a few layers: a pass that
  // holds Infinity or NaN measures nothing, so Monte Carlo is skipped with the reason (the
  // analytic estimate, in float64, still stands).
  for (const pass of passes) {
    const row = pass.findIndex((layer) => !Object.values(layer).every(Number.isFinite));
    if (row >= 0) {
      throw new NotSimulated(
        `Monte Carlo overflows 32-bit floats (activations or gradients beyond ±3.4e38 by kernel layer ${row + 1} of ${network.reported.length}); only the analytic estimate is shown`,
      );
    }
  }
  return network.reported.map((_, row) => ({
    activationRms: spread(passes.map((pass) => pass[row].activationRms)),
    gradientRms: spread(passes.map((pass) => pass[row].gradientRms)),
    deadFraction: spread(passes.map((pass) => pass[row].deadFraction)).mean,
    saturatedFraction: spread(passes.map((pass) => pass[row].saturatedFraction)).mean,
  }));
}
