// What the page keeps across reloads (`vscode.setState`), normalised at the edge: anything
// unexpected in a saved state becomes the default rather than an error.

import { DEFAULT_CONTROLS, type PanelControls } from '../protocol/panel';

export const BATCH_SIZES = [32, 64, 128, 256] as const;
export const WIDTH_CAPS = [64, 128, 256, 512] as const;
/** The what-if initializers, canonical Keras names. */
export const WHAT_IF_INITIALIZERS = ['glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_uniform', 'lecun_normal', 'orthogonal', 'random_normal'] as const;
export const MAX_SEED = 2 ** 31 - 1;

export interface PageState {
  controls: PanelControls;
  selected?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const oneOf = <T>(allowed: readonly T[], value: unknown, fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);

export function normalizeSeed(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_SEED ? value : DEFAULT_CONTROLS.seed;
}

export function normalizeControls(value: unknown): PanelControls {
  const v = isObject(value) ? value : {};
  return {
    seed: normalizeSeed(v.seed),
    batch: oneOf<number>(BATCH_SIZES, v.batch, DEFAULT_CONTROLS.batch),
    maxWidth: oneOf<number>(WIDTH_CAPS, v.maxWidth, DEFAULT_CONTROLS.maxWidth),
    whatIf: oneOf<string>(['', ...WHAT_IF_INITIALIZERS], v.whatIf, DEFAULT_CONTROLS.whatIf),
    whatIfLayer: typeof v.whatIfLayer === 'number' && Number.isInteger(v.whatIfLayer) && v.whatIfLayer >= -1 ? v.whatIfLayer : DEFAULT_CONTROLS.whatIfLayer,
  };
}

export function normalizeState(value: unknown): PageState {
  const v = isObject(value) ? value : {};
  const selected = typeof v.selected === 'number' && Number.isInteger(v.selected) && v.selected >= 0 ? v.selected : undefined;
  return { controls: normalizeControls(v.controls), ...(selected === undefined ? {} : { selected }) };
}
