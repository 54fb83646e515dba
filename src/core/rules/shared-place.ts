// Text that decides more than one layer's initializer: a helper's parameter default, a layer call
// a loop or a helper repeats. A fix there must suit every layer it reaches.

import { misfit, recommendedInitializer, type Misfit } from '../catalog/fit';
import { kerasSpec } from '../catalog/initializers';
import type { FileIR, LayerIR, ModelIR } from '../ir';
import { effectiveActivation, isOutputLayer, type EffectiveActivation } from './graph';
import type { RuleContext } from './types';

export interface KernelMisfit {
  reason: Misfit;
  activation: EffectiveActivation & { name: Exclude<EffectiveActivation['name'], 'unknown'> };
  /** The canonical initializer the rules recommend instead. */
  target: string;
}

/**
 * How a kernel layer's initializer misfits the activation its output goes through, as the
 * mismatch rules judge it; undefined when it fits or cannot be judged. Shared with the PyTorch
 * fix writer, whose one inserted method decides every mismatched default of a model at once.
 */
export function kernelMisfit(model: ModelIR, index: number): KernelMisfit | undefined {
  const layer = model.layers[index];
  const spec = layer.kernelInitializer?.spec;
  if (layer.role !== 'kernel' || !spec) return undefined;
  const activation = effectiveActivation(model, index);
  if (activation.name === 'unknown') return undefined;
  const reason = misfit(spec, activation.name);
  if (!reason) return undefined;
  // A small output layer is a deliberate technique and does not compound with depth (as in init-scale).
  if (reason.initializerFamily === 'small' && isOutputLayer(model, index)) return undefined;
  return { reason, activation: { ...activation, name: activation.name }, target: recommendedInitializer(activation.name, spec) };
}

interface Use {
  model: ModelIR;
  index: number;
}

/** Where kernel initializers are decided in the source: an argument, or a layer call where the default applies. */
interface Place {
  argument: boolean;
  to: number;
  uses: Use[];
}

/** The place that decides `layer`'s kernel initializer: its argument, or the layer call when the default applies. */
function placeOf(layer: LayerIR): { argument: boolean; from: number; to: number } {
  const span = layer.kernelInitializer?.span;
  return span ? { argument: true, from: span.from, to: span.to } : { argument: false, from: layer.span.from, to: layer.span.to };
}

/** The kernel layers whose initializer the same text decides as `layer`'s. */
function usesOf(file: FileIR, layer: LayerIR): Use[] | undefined {
  const { argument, from, to } = placeOf(layer);
  return usesByPlace(file)
    .get(from)
    ?.find((place) => place.argument === argument && place.to === to)?.uses;
}

/**
 * False when the text a fix would change also decides another layer's initializer (a helper
 * called once for ReLU and once for tanh) and `target` does not fit that layer: fixing one use
 * would break the other, and fix-all would flip between them.
 */
export function fitsEveryUse(context: RuleContext, layer: LayerIR, target: string): boolean {
  const spec = kerasSpec(target);
  if (!spec) return false;
  for (const { model, index } of usesOf(context.file, layer) ?? []) {
    if (model.layers[index] === layer) continue;
    const activation = effectiveActivation(model, index);
    if (activation.name !== 'unknown' && misfit(spec, activation.name)) return false;
  }
  return true;
}

/** True when the text that decides `layer`'s kernel initializer decides another layer's too (a loop, a helper, an `apply` function). */
export function sharesPlace(file: FileIR, layer: LayerIR): boolean {
  return (usesOf(file, layer)?.length ?? 0) > 1;
}

/** Every kernel layer of a file by the place that decides its initializer (by the place's start), built once per file. */
const placesOfFile = new WeakMap<FileIR, Map<number, Place[]>>();

function usesByPlace(file: FileIR): Map<number, Place[]> {
  let places = placesOfFile.get(file);
  if (!places) {
    const byStart = new Map<number, Place[]>();
    for (const model of file.models) {
      model.layers.forEach((layer, index) => {
        if (layer.role !== 'kernel') return;
        const { argument, from, to } = placeOf(layer);
        const here = byStart.get(from);
        const place = here?.find((candidate) => candidate.argument === argument && candidate.to === to);
        if (place) place.uses.push({ model, index });
        else if (here) here.push({ argument, to, uses: [{ model, index }] });
        else byStart.set(from, [{ argument, to, uses: [{ model, index }] }]);
      });
    }
    placesOfFile.set(file, (places = byStart));
  }
  return places;
}
