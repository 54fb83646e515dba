// Which initializers fit which activations, judged by their numbers, not their names.

import { activationFamily, type ActivationFamily, type ActivationName } from './activations';
import type { InitializerSpec, RandomDistribution } from './initializers';

/** The variance-scaling family an initializer behaves as: He (≈2/fan), unit (≈1/fan, Glorot or LeCun). */
export type ScaleFamily = 'he' | 'glorot' | 'lecun' | 'none';

export function scaleFamily(spec: InitializerSpec): ScaleFamily {
  if (spec.kind !== 'variance_scaling') return 'none';
  if (spec.scale >= 1.5 && spec.scale <= 3) return 'he';
  if (spec.scale >= 0.7 && spec.scale < 1.5) return spec.mode === 'fan_avg' ? 'glorot' : 'lecun';
  return 'none';
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
  const wrong =
    (family === 'relu' && (initFamily === 'glorot' || initFamily === 'lecun')) ||
    (family === 'saturating' && initFamily === 'he') ||
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
