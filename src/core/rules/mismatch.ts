// Shared by init-activation-mismatch and default-init-mismatch: does a kernel
// layer's initializer fit the activation its output goes through?

import { misfit, recommendedInitializer, type Misfit } from '../catalog/fit';
import { kerasSpec } from '../catalog/initializers';
import type { ActivationName } from '../catalog/activations';
import { swapInitializerFix } from './fix-writer';
import { effectiveActivation } from './graph';
import type { RuleContext, RuleFinding, Severity } from './types';
import type { FileIR, LayerIR, ModelIR } from '../ir';

const FAMILY_LABEL: Record<Misfit['initializerFamily'], string> = { he: 'He', glorot: 'Glorot', lecun: 'LeCun', none: '' };

/** What the activation needs, in a few words, for messages. */
const NEED: Record<Misfit['activationFamily'], string> = {
  relu: 'zeroes half of its input and needs twice the variance (He)',
  saturating: 'has unit slope at zero and needs unit variance (Glorot or LeCun); twice that pushes it into saturation',
  selu: 'self-normalizes only from LeCun normal weights',
  linear: '',
  softmax: '',
  other: '',
};

const LOWER: Record<Severity, Severity> = { error: 'warning', warning: 'information', information: 'hint', hint: 'hint' };

export function mismatchFindings(
  model: ModelIR,
  context: RuleContext,
  explicit: boolean,
  defaultSeverity: Severity,
  messageId: string,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  model.layers.forEach((layer: LayerIR, index) => {
    const ref = layer.kernelInitializer;
    if (layer.role !== 'kernel' || !ref?.spec || ref.explicit !== explicit) return;
    const activation = effectiveActivation(model, index);
    if (activation.name === 'unknown') return;
    const reason = misfit(ref.spec, activation.name);
    if (!reason) return;
    const target = recommendedInitializer(activation.name as ActivationName, ref.spec);
    const viaLayer = activation.appliedBy ? ` (applied by '${activation.appliedBy.name}')` : '';
    findings.push({
      messageId: activation.throughNormalization ? `${messageId}ThroughNormalization` : messageId,
      data: {
        layer: layer.name,
        initializer: ref.spec.name,
        family: FAMILY_LABEL[reason.initializerFamily],
        activation: activation.name,
        need: NEED[reason.activationFamily],
        via: viaLayer,
      },
      // An explicit initializer is marked where it is written; a default one on the layer's class name.
      span: ref.span ?? { from: layer.span.from, to: layer.argsSpan.from },
      ...(activation.throughNormalization ? { severity: LOWER[defaultSeverity] } : {}),
      ...(activation.span ? { related: [{ span: activation.span, messageId: 'activationHere', data: { activation: activation.name } }] } : {}),
      ...(fitsEveryUse(context, layer, target) ? { fix: swapInitializerFix(context, layer, target, activation.name, 'unsafe') } : {}),
    });
  });
  return findings;
}

/** Where a layer's kernel initializer is decided in the source: its argument, or the layer call when the default applies. */
function placeOf(layer: LayerIR): string {
  const ref = layer.kernelInitializer;
  return ref?.span ? `argument ${ref.span.from}:${ref.span.to}` : `call ${layer.span.from}:${layer.span.to}`;
}

/**
 * False when the text a fix would change also decides another layer's initializer (a helper
 * called once for ReLU and once for tanh) and `target` does not fit that layer: fixing one use
 * would break the other, and fix-all would flip between them.
 */
function fitsEveryUse(context: RuleContext, layer: LayerIR, target: string): boolean {
  const spec = kerasSpec(target);
  if (!spec) return false;
  for (const { model, index } of usesByPlace(context.file).get(placeOf(layer)) ?? []) {
    if (model.layers[index] === layer) continue;
    const activation = effectiveActivation(model, index);
    if (activation.name !== 'unknown' && misfit(spec, activation.name)) return false;
  }
  return true;
}

/** Every kernel layer of a file by the place that decides its initializer, built once per file. */
const placesOfFile = new WeakMap<FileIR, Map<string, { model: ModelIR; index: number }[]>>();

function usesByPlace(file: FileIR): Map<string, { model: ModelIR; index: number }[]> {
  let places = placesOfFile.get(file);
  if (!places) {
    places = new Map();
    for (const model of file.models) {
      model.layers.forEach((layer, index) => {
        if (layer.role !== 'kernel') return;
        const place = placeOf(layer);
        const uses = places!.get(place);
        if (uses) uses.push({ model, index });
        else places!.set(place, [{ model, index }]);
      });
    }
    placesOfFile.set(file, places);
  }
  return places;
}
