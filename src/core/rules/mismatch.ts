// Shared by init-activation-mismatch and default-init-mismatch: does a kernel
// layer's initializer fit the activation its output goes through?

import { misfit, recommendedInitializer, type Misfit } from '../catalog/fit';
import type { ActivationName } from '../catalog/activations';
import { swapInitializerFix } from './fix-writer';
import { effectiveActivation } from './graph';
import type { RuleContext, RuleFinding, Severity } from './types';
import type { LayerIR, ModelIR } from '../ir';

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
      fix: swapInitializerFix(context, layer, target, activation.name, 'unsafe'),
    });
  });
  return findings;
}
