// gradient-vanishing: the first layer's predicted gradient is a tiny fraction of the last one's.

import { gradientFlowFinding } from './gradient-flow';
import type { Rule } from './types';

export const gradientVanishing: Rule = {
  id: 'gradient-vanishing',
  meta: {
    description: "The model's predicted gradients shrink with depth: the first layer's gradient is below the threshold fraction of the last layer's.",
    defaultSeverity: 'warning',
    fix: 'unsafe',
    messages: {
      vanishing:
        "Gradients vanish in '{{model}}': at initialization the first layer's gradient is predicted at {{ratio}}× the last layer's (threshold {{threshold}}). Most of the drop happens at {{layers}}.",
      useInitializer: 'Use the recommended initializer in {{count}} layer(s)',
    },
  },
  check(model, context) {
    return gradientFlowFinding(model, context, 'vanishing');
  },
};
