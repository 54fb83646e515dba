// The mean-field estimate (Poole et al. 2016; Schoenholz et al. 2017): every unit of a
// node is treated as one random variable, and only its mean and second moment travel
// forward; gradients carry their second moment backward. Exact in the wide limit.

import { elementMoments, computeFans } from '../catalog/variance';
import { isSymmetric, type InitializerSpec } from '../catalog/initializers';
import type { Framework } from '../ir';
import { gaussianMoments, maxOfGaussiansMoments, scalarActivation, softmaxMoments, type SimActivation } from './activation-math';
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

/** E[φ'(h)] for h ~ N(mean, variance); closed form for ReLU, the most common case. */
function meanSlope(act: SimActivation, mean: number, v: number): number {
  const sd = Math.sqrt(v);
  if (act.name === 'linear') return 1;
  if (act.name === 'relu') return sd === 0 ? (mean > 0 ? 1 : 0) : normalCdf(mean / sd);
  return gaussianExpectation(scalarActivation(act).derivative, mean, v, 32);
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

function weightMoments(spec: InitializerSpec | undefined, shape: readonly number[], framework: Framework): { mean: number; second: number; variance: number } {
  if (!spec) return { mean: 0, second: 0, variance: 0 };
  const rows = product(shape.slice(0, -1));
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
  const spatial = inShape.slice(0, -1);
  switch (node.op) {
    case 'dense':
      return { fanIn: channels, fanOut: node.units, positions: product(spatial) };
    case 'embedding':
      return { fanIn: 1, fanOut: 1, positions: product(inShape) };
    case 'conv':
      return convCounts(spatial, node.window, node.strides, node.padding, channels, node.filters);
    case 'depthwise':
      return convCounts(spatial, node.window, node.strides, node.padding, 1, 1);
    case 'conv_transpose': {
      // The convolution it is the adjoint of runs from this layer's output back to its input.
      const adjoint = convCounts(node.shape.slice(0, -1), node.window, node.strides, node.padding, node.filters, channels);
      return { fanIn: adjoint.fanOut, fanOut: adjoint.fanIn, positions: adjoint.positions };
    }
  }
}

/** Backward contributions a node receives: plain second moments, or ones that already carry their own derivative (max pooling). */
interface Incoming {
  plain: number;
  /** Σ E[δ²]·E[φ'(h)²] where the pooled maximum, not a random unit, sets φ'. */
  routed: number;
  /** E[δ(p)·δ(p′)] for two positions of one example and channel. */
  coherent: number;
}

export function analyticEstimate(network: Network, batch: number): AnalyticLayer[] {
  const { nodes, framework } = network;
  const forward: Moments[] = [];
  /** E[φ'(h)²] of activation nodes, for the backward pass. */
  const derivative = new Map<number, number>();
  /** A max-pool's moments of the max, per activation node feeding it. */
  const pooledDerivative = new Map<number, number>();

  // Past float64's range (an exponential stack, a mean of 1e308) moments turn Infinity or NaN:
  // they are carried on as NaN, with no Gaussian expectation taken over them (those reject a NaN
  // variance), and every layer reports NaN, which simulateModel turns into a stated reason.
  nodes.forEach((node, index) => {
    forward.push(node.inputs.some((i) => !finiteMoments(forward[i])) ? OVERFLOWED : forwardMoments(node, index));
  });
  if (!forward.every(finiteMoments)) return network.reported.map((row) => ({ activationRms: Number.NaN, gradientRms: Number.NaN, symmetric: isSymmetric(row.spec) }));

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
        const b = weightMoments(node.bias, [node.shape[node.shape.length - 1]], framework);
        const { fanIn } = connectivity(node, nodes[node.inputs[0]].shape);
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
          derivative.set(index, gradientFactor);
          return { mean: 1 / classes, second: secondMoment, offset: 0 };
        }
        const moments = gaussianMoments(act, input.mean, variance(input));
        derivative.set(index, moments.derivativeSecondMoment);
        // A per-unit shift passes through the activation at its mean slope.
        const slope = input.offset > 0 ? meanSlope(act, input.mean, variance(input)) : 0;
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
        const k = node.op === 'pool' ? product(node.pool) : product(inShape.slice(0, -1));
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
        const parts = node.inputs.map((i) => forward[i]);
        const mean = parts.reduce((sum, m) => sum + m.mean, 0);
        return { mean, second: parts.reduce((sum, m) => sum + variance(m), 0) + mean * mean, offset: parts.reduce((sum, m) => sum + m.offset, 0) };
      }
      case 'concat': {
        const widths = node.inputs.map((i) => nodes[i].shape[nodes[i].shape.length - 1]);
        const total = widths.reduce((a, b) => a + b, 0);
        return {
          mean: node.inputs.reduce((sum, i, j) => sum + (forward[i].mean * widths[j]) / total, 0),
          second: node.inputs.reduce((sum, i, j) => sum + (forward[i].second * widths[j]) / total, 0),
          offset: node.inputs.reduce((sum, i, j) => sum + (forward[i].offset * widths[j]) / total, 0),
        };
      }
    }
  }

  /** The max of k units: through the activation that feeds the pool, when there is one. */
  function maxPoolMoments(inputIndex: number, k: number): Moments {
    const source = nodes[inputIndex];
    const pre = source.op === 'activation' ? forward[source.inputs[0]] : forward[inputIndex];
    const act: SimActivation = source.op === 'activation' && source.activation.name !== 'softmax' ? source.activation : { name: 'linear', framework };
    const moments = maxOfGaussiansMoments(act, pre.mean, variance(pre), k);
    if (source.op === 'activation') pooledDerivative.set(inputIndex, moments.derivativeSecondMoment);
    return { mean: moments.mean, second: moments.secondMoment, offset: forward[inputIndex].offset };
  }

  // Backward: E[δ²] per element, δ = ∂(Σ y·g)/∂(node output) with g ~ N(0, 1) at the outputs,
  // and E[δ(p)·δ(p′)] between two positions of one example and channel ("coherent"): a global
  // average pool hands every position the same gradient, and a convolution's kernel gradient
  // sums over positions, so that covariance counts once per pair of positions.
  const incoming = nodes.map((): Incoming => ({ plain: 0, routed: 0, coherent: 0 }));
  const consumed = new Set(nodes.flatMap((node) => node.inputs));
  nodes.forEach((_, i) => {
    if (!consumed.has(i)) incoming[i].plain = 1;
  });
  const gradientRms = new Map<number, number>();

  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index];
    const into = incoming[index];
    let delta = into.plain;
    const coherent = into.coherent;
    const send = (target: number, second: number, covariance = 0): void => {
      incoming[target].plain += second;
      incoming[target].coherent += covariance;
    };
    const input = node.inputs[0];
    switch (node.op) {
      case 'input':
        break;
      case 'activation': {
        delta = into.plain * derivative.get(index)! + into.routed;
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
        const w = weightMoments(node.kernel.spec, node.kernel.shape, framework);
        const x = forward[input];
        const { fanOut, positions } = connectivity(node, nodes[input].shape);
        // ∂L/∂W = (1/B) Σ over the batch and positions of x·δ: within an example, pairs of
        // positions add E[x(p)x(p′)]·E[δ(p)δ(p′)], where x(p)x(p′) keeps the mean and the per-unit shift.
        const pairs = Math.max(0, positions - 1) * (x.mean * x.mean + x.offset) * coherent;
        gradientRms.set(index, Math.sqrt((positions * Math.max(0, x.second * delta + pairs)) / batch));
        send(input, fanOut * w.second * delta, fanOut * w.second * coherent);
        break;
      }
      case 'embedding': {
        const positions = product(nodes[input].shape);
        // Each of B·positions lookups adds its δ to one of `vocabulary` rows.
        gradientRms.set(index, Math.sqrt((positions * delta) / (node.vocabulary * batch)));
        break;
      }
      case 'batch_norm':
      case 'layer_norm': {
        const v = node.op === 'batch_norm' ? withinBatchVariance(forward[input]) : variance(forward[input]);
        // Normalizing removes the mean and the component along x̂: 2 of `group` directions.
        const group = node.op === 'batch_norm' ? batch * product(node.shape.slice(0, -1)) : node.shape[node.shape.length - 1];
        send(input, (delta / (v + node.epsilon)) * Math.max(0, group - 2) / group, coherent / (v + node.epsilon));
        break;
      }
      case 'dropout':
        send(input, delta / (1 - node.rate), coherent);
        break;
      case 'pool':
      case 'global_pool': {
        const inShape = nodes[input].shape;
        const inPositions = product(inShape.slice(0, -1));
        const k = node.op === 'pool' ? product(node.pool) : inPositions;
        if (node.kind === 'avg') {
          const overlap = node.op === 'pool' ? product(node.pool.map((p, axis) => p / node.strides[axis])) : 1;
          // A pair of input positions shares a window (δ/k each) or sits in two (the windows' covariance).
          const shared = inPositions > 1 ? ((k - 1) * delta + (inPositions - k) * coherent) / (k * k * (inPositions - 1)) : 0;
          send(input, (delta * overlap) / (k * k), shared);
        } else if (pooledDerivative.has(input)) {
          incoming[input].routed += (delta / k) * pooledDerivative.get(input)!;
          incoming[input].coherent += coherent / (k * k);
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
    gradientRms: gradientRms.get(row.kernelNode) ?? 0,
    symmetric: isSymmetric(row.spec),
  }));
}
