// Shared by init-activation-mismatch and default-init-mismatch: does a kernel
// layer's initializer fit the activation its output goes through?

import type { Misfit } from '../catalog/fit';
import type { InitializerSpec } from '../catalog/initializers';
import { swapInitializerFix } from './fix-writer';
import { kernelMisfit } from './shared-place';
import type { RuleContext, RuleFinding, Severity } from './types';
import type { LayerIR, ModelIR } from '../ir';

const FAMILY_LABEL: Record<Misfit['initializerFamily'], string> = { he: 'He', glorot: 'Glorot', lecun: 'LeCun', small: 'small', none: '' };

/** What the activation needs, in a few words, for messages. */
const NEED: Record<Misfit['activationFamily'], string> = {
  relu: 'zeroes half of its input and needs twice the variance (He)',
  saturating: 'has unit slope at zero and needs unit variance (Glorot or LeCun)',
  selu: 'self-normalizes only from LeCun normal weights',
  linear: '',
  softmax: '',
  other: '',
};

/** The variance scale (times 1/fan) each family needs: what a small scale falls short of. */
const NEEDED_SCALE: Partial<Record<Misfit['activationFamily'], number>> = { relu: 2, saturating: 1, selu: 1 };

/** `1/(3·fan_in)`, `0.1/fan_in`, `0.5/fan_avg`: a variance-scaling initializer's variance as a formula. */
function varianceText(scale: number, mode: string): string {
  const inverse = 1 / scale;
  const fraction = Math.abs(inverse - Math.round(inverse)) < 1e-6 && Math.round(inverse) > 1 ? `1/(${Math.round(inverse)}·${mode})` : `${Number(scale.toPrecision(3))}/${mode}`;
  return `variance ${fraction}`;
}

/** The initializer's scaling for the message (`He scaling`, `variance 1/(3·fan_in)`) and what the misfit does. */
function describeMisfit(spec: InitializerSpec, reason: Misfit): { scaling: string; need: string } {
  const need = NEED[reason.activationFamily];
  if (spec.kind !== 'variance_scaling' || reason.initializerFamily !== 'small') {
    const saturates = reason.activationFamily === 'saturating' && reason.initializerFamily === 'he' ? '; twice that pushes it into saturation' : '';
    return { scaling: `${FAMILY_LABEL[reason.initializerFamily]} scaling`, need: `${need}${saturates}` };
  }
  const needed = NEEDED_SCALE[reason.activationFamily];
  const shrink = needed === undefined ? '' : `: at this scale the signal's second moment shrinks about ${Number((needed / spec.scale).toPrecision(2))}× per layer`;
  return { scaling: varianceText(spec.scale, spec.mode), need: `${need}${shrink}` };
}

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
    if (!ref?.spec || ref.explicit !== explicit) return;
    const found = kernelMisfit(model, index);
    if (!found) return;
    const { reason, activation, target } = found;
    const { scaling, need } = describeMisfit(ref.spec, reason);
    const viaLayer = activation.appliedBy ? ` (applied by '${activation.appliedBy.name}')` : '';
    findings.push({
      messageId: activation.throughNormalization ? `${messageId}ThroughNormalization` : messageId,
      data: {
        layer: layer.name,
        initializer: ref.spec.name,
        family: FAMILY_LABEL[reason.initializerFamily],
        scaling,
        activation: activation.name,
        need,
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
