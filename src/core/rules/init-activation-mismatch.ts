// init-activation-mismatch: an explicit initializer scaled for another activation.

import { mismatchFindings } from './mismatch';
import type { Rule } from './types';

export const initActivationMismatch: Rule = {
  id: 'init-activation-mismatch',
  meta: {
    description: 'An explicit initializer whose scale does not fit the activation its layer feeds (Glorot with ReLU, He with tanh, SELU without LeCun normal).',
    defaultSeverity: 'warning',
    fix: 'unsafe',
    messages: {
      mismatch: "Layer '{{layer}}' uses '{{initializer}}' ({{scaling}}) but feeds {{activation}}{{via}}, which {{need}}.",
      mismatchThroughNormalization:
        "Layer '{{layer}}' uses '{{initializer}}' ({{scaling}}) but feeds {{activation}}{{via}}, which {{need}}. A normalization layer in between rescales the signal, so this matters less.",
      activationHere: 'the {{activation}} activation this initializer does not fit',
      useInitializer: "Use '{{initializer}}' (fits {{activation}})",
      useTorchInit: 'Use {{initializer}} (fits {{activation}})',
      addTorchInit: 'Initialize {{layers}} {{where}} ({{initializer}} for this one, fits {{activation}})',
    },
  },
  check(model, context) {
    return mismatchFindings(model, context, true, 'warning', 'mismatch');
  },
};
