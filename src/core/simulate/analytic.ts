// The mean-field estimate (Poole et al. 2016; Schoenholz et al. 2017): every unit of a
// node is treated as one random variable, and only its mean and second moment travel
// forward; gradients carry their second moment backward. Exact in the wide limit.

import { elementMoments, computeFans } from '../catalog/variance';
import { isSymmetric, type InitializerSpec } from '../catalog/initializers';
import type { Framework } from '../ir';
import { gaussianMoments, MAX_VARIANCE, maxOfGaussiansMoments, scalarActivation, softmaxMoments, type ActivationMoments, type SimActivation } from './activation-math';
import { activationKey, MomentMemo } from './moment-memo';
import { gaussianExpectation, normalCdf } from './quadrature';
import { convCounts, type ConvCounts } from './geometry';
import type { Network, SimNode } from './network';

/** Moments of one element of a node's output. */
interface Moments {
  mean: number;
  second: number;
  /**
   * The part of the variance that is a per-unit constant, the same for every example: the
   * weights' response to the input's mean (and random biases). Batch normalization
   * subtracts it with the batch mean, so it divides by the rest (Yang et al. 2019).
   */
  offset: number;
}

export interface AnalyticLayer {
  activationRms: number;
  gradientRms: number;
  /** Every unit of the layer computes the same thing: a constant or zero kernel. */
  symmetric: boolean;
}

const OVERFLOWED: Moments = { mean: Number.NaN, second: Number.NaN, offset: Number.NaN };
const finiteMoments = (m: Moments): boolean => Number.isFinite(m.mean) && Number.isFinite(m.second) && Number.isFinite(m.offset);
const variance = (m: Moments): number => Math.max(0, m.second - m.mean * m.mean);
/** What batch statistics see: the variance over examples, without the per-unit constant. */
const withinBatchVariance = (m: Moments): number => Math.max(0, variance(m) - m.offset);

/** The integrals below, by activation and exact arguments, shared across layers and models (read-only). */
const activationMemo = new MomentMemo<ActivationMoments>();
const pooledMemo = new MomentMemo<ActivationMoments>();
const slopeMemo = new MomentMemo<number>();

/** Activations whose moments are closed forms cheaper than a lookup. */
const CLOSED_FORM = new Set<SimActivation['name']>(['linear', 'relu', 'leaky_relu', 'elu', 'selu', 'exponential']);

/** `gaussianMoments`, remembered where it integrates. */
function activationMoments(act: SimActivation, mean: number, v: number): ActivationMoments {
  if (CLOSED_FORM.has(act.name)) return gaussianMoments(act, mean, v);
  const key = activationKey(act);
  return activationMemo.find(key, mean, v) ?? activationMemo.keep(key, mean, v, gaussianMoments(act, mean, v));
}

/** Moments of the max of k standard normals, by k. */
const standardMaxima = new Map<number, ActivationMoments>();

/** `maxOfGaussiansMoments` of the pooled pre-activations. */
function pooledMoments(act: SimActivation, mean: number, v: number, k: number): ActivationMoments {
  if (act.name === 'linear' && v > 0 && v <= MAX_VARIANCE && Number.isFinite(mean)) {
    // The max of k units N(mean, v) is mean + sd·(the max of k standard normals): one integral
    // per k serves every pool of linear units (the same quadrature, shifted and scaled).
    let unit = standardMaxima.get(k);
    if (!unit) standardMaxima.set(k, (unit = maxOfGaussiansMoments(act, 0, 1, k)));
    const sd = Math.sqrt(v);
    return {
      mean: mean + sd * unit.mean,
      secondMoment: mean * mean + 2 * mean * sd * unit.mean + v * unit.secondMoment,
      derivativeSecondMoment: unit.derivativeSecondMoment,
    };
  }
  const key = `${activationKey(act)}\u0000${k}`;
  return pooledMemo.find(key, mean, v) ?? pooledMemo.keep(key, mean, v, maxOfGaussiansMoments(act, mean, v, k));
}

/** E[φ'(h)] for h ~ N(mean, variance); closed form for ReLU, the most common case. */
function meanSlope(act: SimActivation, mean: number, v: number): number {
  const sd = Math.sqrt(v);
  if (act.name === 'linear') return 1;
  if (act.name === 'relu') return sd === 0 ? (mean > 0 ? 1 : 0) : normalCdf(mean / sd);
  const key = activationKey(act);
  return slopeMemo.find(key, mean, v) ?? slopeMemo.keep(key, mean, v, gaussianExpectation(scalarActivation(act).derivative, mean, v, 32));
}
/**
 * The slope a shared upstream gradient sees through softmax over `classes`: its mean Jacobian is
 * a on the diagonal (E[yᵢ(1 − yᵢ)] = E[y] − E[y²]) and −a/(C − 1) off it, which carries
 * a²·C/(C − 1) of a unit gradient's second moment.
 */
function softmaxMeanSlope(out: Moments, classes: number): number {
  if (classes <= 1) return 0;
  return Math.max(0, out.mean - out.second) * Math.sqrt(classes / (classes - 1));
}
const product = (values: readonly number[]): number => values.reduce((a, b) => a * b, 1);

/** product(shape.slice(0, -1)), multiplied in the same order, without the copy. */
function leadingProduct(shape: readonly number[]): number {
  let result = 1;
  for (let i = 0; i < shape.length - 1; i++) result *= shape[i];
  return result;
}

const lastOf = (shape: readonly number[]): number => shape[shape.length - 1];

/** A plain array of zeros: cheaper to make than a typed array at a model's few dozen nodes. */
const zeros = (length: number): number[] => new Array<number>(length).fill(0);

interface WeightMoments {
  mean: number;
  second: number;
  variance: number;
}

const NO_WEIGHTS: WeightMoments = { mean: 0, second: 0, variance: 0 };

function weightMoments(spec: InitializerSpec | undefined, shape: readonly number[], framework: Framework): WeightMoments {
  if (!spec) return NO_WEIGHTS;
  const rows = leadingProduct(shape);
  const { mean, variance: v } = elementMoments(spec, computeFans(shape), framework, { rows, cols: shape[shape.length - 1] });
  return { mean, variance: v, second: v + mean * mean };
}

/**
 * How many inputs really reach one output (fanIn) and outputs one input reaches (fanOut),
 * and how many terms per example each kernel element's gradient sums: the layer's actual
 * connectivity, which is not the Keras fans that set the kernel's variance.
 */
function connectivity(node: Extract<SimNode, { kernel: unknown }>, inShape: readonly number[]): ConvCounts {
  const channels = inShape[inShape.length - 1];
  switch (node.op) {
    case 'dense':
      return { fanIn: channels, fanOut: node.units, positions: leadingProduct(inShape) };
    case 'embedding':
      return { fanIn: 1, fanOut: 1, positions: product(inShape) };
    case 'conv':
      return convCounts(inShape.slice(0, -1), node.window, node.strides, node.padding, channels, node.filters);
    case 'depthwise':
      return convCounts(inShape.slice(0, -1), node.window, node.strides, node.padding, 1, 1);
    case 'conv_transpose': {
      // The convolution it is the adjoint of runs from this layer's output back to its input.
      const adjoint = convCounts(node.shape.slice(0, -1), node.window, node.strides, node.padding, node.filters, channels);
      return { fanIn: adjoint.fanOut, fanOut: adjoint.fanIn, positions: adjoint.positions };
    }
  }
}

/** A kernel node's weight moments and connectivity: used by the forward and the backward pass. */
interface KernelFacts {
  w: WeightMoments;
  counts: ConvCounts;
}

export function analyticEstimate(network: Network, batch: number): AnalyticLayer[] {
  const { nodes, framework } = network;
  const count = nodes.length;
  const forward: Moments[] = [];
  /** E[φ'(h)²] of activation nodes, for the backward pass. */
  const derivative = zeros(count);
  /** A max-pool's moments of the max, per activation node feeding it. */
  const pooledDerivative = new Map<number, number>();
  const kernels: (KernelFacts | undefined)[] = [];

  // Past float64's range (an exponential stack, a mean of 1e308) moments turn Infinity or NaN:
  // they are carried on as NaN, with no Gaussian expectation taken over them (those reject a NaN
  // variance), and every layer reports NaN, which simulateModel turns into a stated reason.
  let finite = true;
  for (let index = 0; index < count; index++) {
    const node = nodes[index];
    let overflowed = false;
    for (const i of node.inputs) if (!finiteMoments(forward[i])) overflowed = true;
    const moments = overflowed ? OVERFLOWED : forwardMoments(node, index);
    if (!finiteMoments(moments)) finite = false;
    forward.push(moments);
  }
  if (!finite) return network.reported.map((row) => ({ activationRms: Number.NaN, gradientRms: Number.NaN, symmetric: isSymmetric(row.spec) }));

  function forwardMoments(node: SimNode, index: number): Moments {
    const input = forward[node.inputs[0]];
    switch (node.op) {
      case 'input':
        return { mean: 0, second: node.indices ? 0 : 1, offset: 0 };
      case 'dense':
      case 'conv':
      case 'depthwise':
      case 'conv_transpose': {
        const w = weightMoments(node.kernel.spec, node.kernel.shape, framework);
        const b = node.bias ? weightMoments(node.bias, [node.shape[node.shape.length - 1]], framework) : NO_WEIGHTS;
        const counts = connectivity(node, nodes[node.inputs[0]].shape);
        kernels[index] = { w, counts };
        const fanIn = counts.fanIn;
        // h = Σ_i W_i x_i + b over independent terms: its mean and variance.
        const mean = fanIn * w.mean * input.mean + b.mean;
        const v = fanIn * (w.second * input.second - w.mean * w.mean * input.mean * input.mean) + b.variance;
        const offset = fanIn * (w.second * input.offset + w.variance * input.mean * input.mean) + b.variance;
        return { mean, second: Math.max(0, v) + mean * mean, offset: Math.min(offset, Math.max(0, v)) };
      }
      case 'embedding': {
        const w = weightMoments(node.kernel.spec, node.kernel.shape, framework);
        return { mean: w.mean, second: w.second, offset: 0 };
      }
      case 'activation': {
        const act = node.activation;
        if (act.name === 'softmax') {
          const classes = node.shape[node.shape.length - 1];
          const { secondMoment, gradientFactor } = softmaxMoments(variance(input), classes);
          derivative[index] = gradientFactor;
          return { mean: 1 / classes, second: secondMoment, offset: 0 };
        }
        const v = variance(input);
        const moments = activationMoments(act, input.mean, v);
        derivative[index] = moments.derivativeSecondMoment;
        // A per-unit shift passes through the activation at its mean slope.
        const slope = input.offset > 0 ? meanSlope(act, input.mean, v) : 0;
        return { mean: moments.mean, second: moments.secondMoment, offset: input.offset * slope * slope };
      }
      case 'batch_norm': {
        const within = withinBatchVariance(input);
        return { mean: 0, second: within / (within + node.epsilon), offset: 0 };
      }
      case 'layer_norm': {
        const v = variance(input);
        return { mean: 0, second: v / (v + node.epsilon), offset: input.offset / (v + node.epsilon) };
      }
      case 'dropout':
        return { mean: input.mean, second: input.second / (1 - node.rate), offset: input.offset };
      case 'pool':
      case 'global_pool': {
        const inShape = nodes[node.inputs[0]].shape;
        const k = node.op === 'pool' ? product(node.pool) : leadingProduct(inShape);
        if (node.kind === 'avg') {
          // The per-unit constant is the same at every position: averaging cannot shrink it.
          const v = input.offset + (variance(input) - input.offset) / k;
          return { mean: input.mean, second: input.mean * input.mean + v, offset: input.offset };
        }
        return maxPoolMoments(node.inputs[0], k);
      }
      case 'reshape':
        return input;
      case 'add': {
        let mean = 0;
        for (const i of node.inputs) mean += forward[i].mean;
        let second = 0;
        let offset = 0;
        for (const i of node.inputs) second += variance(forward[i]);
        for (const i of node.inputs) offset += forward[i].offset;
        return { mean, second: second + mean * mean, offset };
      }
      case 'concat': {
        let total = 0;
        for (const i of node.inputs) total += lastOf(nodes[i].shape);
        let mean = 0;
        let second = 0;
        let offset = 0;
        for (const i of node.inputs) mean += (forward[i].mean * lastOf(nodes[i].shape)) / total;
        for (const i of node.inputs) second += (forward[i].second * lastOf(nodes[i].shape)) / total;
        for (const i of node.inputs) offset += (forward[i].offset * lastOf(nodes[i].shape)) / total;
        return { mean, second, offset };
      }
    }
  }

  /** The max of k units: through the activation that feeds the pool, when there is one. */
  function maxPoolMoments(inputIndex: number, k: number): Moments {
    const source = nodes[inputIndex];
    const pre = source.op === 'activation' ? forward[source.inputs[0]] : forward[inputIndex];
    const act: SimActivation = source.op === 'activation' && source.activation.name !== 'softmax' ? source.activation : { name: 'linear', framework };
    const moments = pooledMoments(act, pre.mean, variance(pre), k);
    if (source.op === 'activation') pooledDerivative.set(inputIndex, moments.derivativeSecondMoment);
    return { mean: moments.mean, second: moments.secondMoment, offset: forward[inputIndex].offset };
  }

  // Backward: E[δ²] per element, δ = ∂(Σ y·g)/∂(node output) with g ~ N(0, 1) at the outputs,
  // and E[δ(p)·δ(p′)] between two positions of one example and channel ("coherent"): a global
  // average pool hands every position the same gradient, and a convolution's kernel gradient
  // sums over positions, so that covariance counts once per pair of positions.
  /** Plain second moments each node receives. */
  const plain = zeros(count);
  /** Σ E[δ²]·E[φ'(h)²] where the pooled maximum, not a random unit, sets φ' (max pooling). */
  const routed = zeros(count);
  /** E[δ(p)·δ(p′)] for two positions of one example and channel. */
  const coherentOf = zeros(count);
  const consumed: boolean[] = new Array<boolean>(count).fill(false);
  for (const node of nodes) for (const i of node.inputs) consumed[i] = true;
  for (let i = 0; i < count; i++) if (!consumed[i]) plain[i] = 1;
  const gradientRms = zeros(count);
  const send = (target: number, second: number, covariance: number): void => {
    plain[target] += second;
    coherentOf[target] += covariance;
  };

  for (let index = count - 1; index >= 0; index--) {
    const node = nodes[index];
    let delta = plain[index];
    const coherent = coherentOf[index];
    const input = node.inputs[0];
    switch (node.op) {
      case 'input':
        break;
      case 'activation': {
        delta = plain[index] * derivative[index] + routed[index];
        const pre = forward[input];
        // Two positions share only the per-unit shift, so their slopes are nearly independent.
        const slope = coherent === 0 ? 0 : node.activation.name === 'softmax' ? softmaxMeanSlope(forward[index], node.shape[node.shape.length - 1]) : meanSlope(node.activation, pre.mean, variance(pre));
        send(input, delta, coherent * slope * slope);
        break;
      }
      case 'dense':
      case 'conv':
      case 'depthwise':
      case 'conv_transpose': {
        const { w, counts } = kernels[index]!;
        const x = forward[input];
        const { fanOut, positions } = counts;
        // ∂L/∂W = (1/B) Σ over the batch and positions of x·δ: within an example, pairs of
        // positions add E[x(p)x(p′)]·E[δ(p)δ(p′)], where x(p)x(p′) keeps the mean and the per-unit shift.
        const pairs = Math.max(0, positions - 1) * (x.mean * x.mean + x.offset) * coherent;
        gradientRms[index] = Math.sqrt((positions * Math.max(0, x.second * delta + pairs)) / batch);
        send(input, fanOut * w.second * delta, fanOut * w.second * coherent);
        break;
      }
      case 'embedding': {
        const positions = product(nodes[input].shape);
        // Each of B·positions lookups adds its δ to one of `vocabulary` rows.
        gradientRms[index] = Math.sqrt((positions * delta) / (node.vocabulary * batch));
        break;
      }
      case 'batch_norm':
      case 'layer_norm': {
        const v = node.op === 'batch_norm' ? withinBatchVariance(forward[input]) : variance(forward[input]);
        // Normalizing removes the mean and the component along x̂: 2 of `group` directions.
        const group = node.op === 'batch_norm' ? batch * leadingProduct(node.shape) : node.shape[node.shape.length - 1];
        send(input, (delta / (v + node.epsilon)) * Math.max(0, group - 2) / group, coherent / (v + node.epsilon));
        break;
      }
      case 'dropout':
        send(input, delta / (1 - node.rate), coherent);
        break;
      case 'pool':
      case 'global_pool': {
        const inShape = nodes[input].shape;
        const inPositions = leadingProduct(inShape);
        const k = node.op === 'pool' ? product(node.pool) : inPositions;
        if (node.kind === 'avg') {
          const overlap = node.op === 'pool' ? product(node.pool.map((p, axis) => p / node.strides[axis])) : 1;
          // A pair of input positions shares a window (δ/k each) or sits in two (the windows' covariance).
          const shared = inPositions > 1 ? ((k - 1) * delta + (inPositions - k) * coherent) / (k * k * (inPositions - 1)) : 0;
          send(input, (delta * overlap) / (k * k), shared);
        } else if (pooledDerivative.has(input)) {
          routed[input] += (delta / k) * pooledDerivative.get(input)!;
          coherentOf[input] += coherent / (k * k);
        } else {
          send(input, delta / k, coherent / (k * k));
        }
        break;
      }
      case 'reshape': {
        // Flattening turns positions into units: what was shared between positions is now between units.
        const flattens = node.shape.length === 1 && nodes[input].shape.length > 1;
        send(input, delta, flattens ? 0 : coherent);
        break;
      }
      case 'add':
      case 'concat':
        for (const i of node.inputs) send(i, delta, coherent);
        break;
    }
  }

  return network.reported.map((row) => ({
    activationRms: Math.sqrt(forward[row.outputNode].second),
    gradientRms: gradientRms[row.kernelNode],
    symmetric: isSymmetric(row.spec),
  }));
}
