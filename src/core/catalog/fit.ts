// Which initializers fit which activations, judged by their numbers, not their names.

import { activationFamily, type ActivationFamily, type ActivationName } from './activations';
import type { InitializerSpec, RandomDistribution } from './initializers';

/**
 * The variance-scaling family an initializer behaves as: He (≈2/fan), unit (≈1/fan, Glorot or
 * LeCun), or small (well under 1/fan: PyTorch's `nn.Linear`/`nn.ConvNd` default
 * `kaiming_uniform_(a=√5)` is 1/(3·fan_in), Keras's `VarianceScaling(scale=0.1)`). Scales above
 * He's band are left to no family: nothing names them, and no rule here judges them.
 */
export type ScaleFamily = 'he' | 'glorot' | 'lecun' | 'small' | 'none';

export function scaleFamily(spec: InitializerSpec): ScaleFamily {
  if (spec.kind !== 'variance_scaling' || !(spec.scale > 0) || spec.scale > 3) return 'none';
  if (spec.scale >= 1.5) return 'he';
  if (spec.scale >= 0.7) return spec.mode === 'fan_avg' ? 'glorot' : 'lecun';
  return 'small';
}

/**
 * PyTorch's recommended gain for tanh, `calculate_gain('tanh')` = 5/3 (torch/nn/init.py), as a
 * variance scale: 25/9 ≈ 2.78, what `kaiming_normal_(w, nonlinearity='tanh')` and
 * `xavier_uniform_(w, gain=calculate_gain('tanh'))` draw. It lies in He's band by its number,
 * but it is the documented choice for tanh: tanh damps a unit-variance signal
 * (E[tanh(z)²] ≈ 0.39 at Var(z) = 1), and 5/3 is the gain that keeps it from fading layer after
 * layer, not He's rectifier argument. Written as 5/3 or 1.67 it is the same choice: ±5%.
 */
export const TORCH_TANH_SCALE = 25 / 9;

function isTorchTanhGain(spec: InitializerSpec): boolean {
  return spec.kind === 'variance_scaling' && Math.abs(spec.scale / TORCH_TANH_SCALE - 1) <= 0.05;
}

/** Whether an initializer is LeCun normal in substance: scale 1, fan_in, a normal distribution. */
function isLecunNormal(spec: InitializerSpec): boolean {
  return spec.kind === 'variance_scaling' && scaleFamily(spec) === 'lecun' && spec.distribution !== 'uniform';
}

export interface Misfit {
  /** The family the initializer behaves as. */
  initializerFamily: ScaleFamily;
  activationFamily: ActivationFamily;
}

/** A reason the initializer does not fit the activation, or undefined when it fits or no rule applies. */
export function misfit(spec: InitializerSpec, activation: ActivationName): Misfit | undefined {
  const family = activationFamily(activation);
  const initFamily = scaleFamily(spec);
  if (initFamily === 'none') return undefined;
  // A small scale misfits every family that has a rule: the second moment shrinks by the
  // shortfall at each layer (PyTorch's default: ~6× per ReLU layer, ~3× per tanh layer). That
  // holds for tanh and sigmoid as much as for ReLU — a third of the variance they need is further
  // from it than He's double, which is flagged — so they are not spared; how much it matters
  // grows with depth, which is why default-init-mismatch reports it as information and leaves
  // output layers (where it does not compound) alone.
  const wrong =
    (family === 'relu' && (initFamily === 'glorot' || initFamily === 'lecun' || initFamily === 'small')) ||
    (family === 'saturating' && ((initFamily === 'he' && !(activation === 'tanh' && isTorchTanhGain(spec))) || initFamily === 'small')) ||
    (family === 'selu' && !isLecunNormal(spec));
  return wrong ? { initializerFamily: initFamily, activationFamily: family } : undefined;
}

function distributionOf(spec: InitializerSpec | undefined): RandomDistribution | undefined {
  return spec && (spec.kind === 'variance_scaling' || spec.kind === 'absolute') ? spec.distribution : undefined;
}

/**
 * The initializer to recommend for an activation, keeping the current one's
 * distribution (uniform stays uniform) so a fix changes only the scale.
 */
export function recommendedInitializer(activation: ActivationName, current: InitializerSpec | undefined): string {
  const uniform = distributionOf(current) === 'uniform';
  switch (activationFamily(activation)) {
    case 'relu':
      return uniform ? 'he_uniform' : 'he_normal';
    case 'selu':
      return 'lecun_normal';
    default:
      return uniform || distributionOf(current) === undefined ? 'glorot_uniform' : 'glorot_normal';
  }
}
