// Every rule, sorted by id. A meta-test checks this list against the rule files and their docs.

import { constantInit } from './constant-init';
import { defaultInitMismatch } from './default-init-mismatch';
import { gradientExploding } from './gradient-exploding';
import { gradientVanishing } from './gradient-vanishing';
import { initActivationMismatch } from './init-activation-mismatch';
import { initScale } from './init-scale';
import type { Rule } from './types';
import { zeroInit } from './zero-init';

export const RULES: readonly Rule[] = [constantInit, defaultInitMismatch, gradientExploding, gradientVanishing, initActivationMismatch, initScale, zeroInit];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

/** Fills `{{name}}` placeholders of a rule message. */
export function formatMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

export * from './types';
