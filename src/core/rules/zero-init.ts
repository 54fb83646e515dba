// zero-init: an all-zero kernel makes every unit of a layer identical for ever.

import { isZero } from '../catalog/initializers';
import { recommendedInitializer } from '../catalog/fit';
import { swapInitializerFix } from './fix-writer';
import { activationToFit, hasSymmetricKernel, isOutputLayer, kernelNeighbours } from './graph';
import type { Rule, RuleFinding } from './types';

export const zeroInit: Rule = {
  id: 'zero-init',
  meta: {
    description: 'A kernel initialized to all zeros: every unit computes and learns the same thing.',
    defaultSeverity: 'warning',
    fix: 'safe',
    messages: {
      zeroKernel: "Layer '{{layer}}' starts with an all-zero kernel: its units compute the same output and get the same gradient, so they stay identical.",
      zeroKernelPair:
        "Layer '{{layer}}' starts with an all-zero kernel next to '{{neighbour}}', which is symmetric too: no gradient can make their units differ.",
      useInitializer: "Use '{{initializer}}' (fits {{activation}})",
      useTorchInit: 'Use {{initializer}} (fits {{activation}})',
      addTorchInit: 'Initialize {{layers}} {{where}} ({{initializer}} for this one, fits {{activation}})',
    },
  },
  check(model, context) {
    const findings: RuleFinding[] = [];
    model.layers.forEach((layer, index) => {
      const ref = layer.kernelInitializer;
      if (layer.role !== 'kernel' || !ref?.spec || !isZero(ref.spec)) return;
      if (context.options.exemptOutputLayer && isOutputLayer(model, index)) return;
      const neighbour = kernelNeighbours(model, index).find(hasSymmetricKernel);
      const activation = activationToFit(model, index);
      const target = recommendedInitializer(activation, ref.spec);
      findings.push({
        messageId: neighbour ? 'zeroKernelPair' : 'zeroKernel',
        data: { layer: layer.name, ...(neighbour ? { neighbour: neighbour.name } : {}) },
        span: ref.span ?? layer.span,
        ...(neighbour ? { severity: 'error' as const } : {}),
        fix: swapInitializerFix(context, layer, target, activation, 'safe'),
      });
    });
    return findings;
  },
};
