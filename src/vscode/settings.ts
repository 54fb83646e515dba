// initlint.* settings, read per resource and normalised: junk maps to defaults.

import * as vscode from 'vscode';
import { RULES, type RuleSetting } from '../core';

export interface Settings {
  enable: boolean;
  rules: Record<string, RuleSetting>;
  exemptOutputLayer: boolean;
  vanishingThreshold: number;
  explodingThreshold: number;
  fixAllOnSave: 'safe' | 'all';
  debounceMs: number;
}

const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'information', 'hint', 'default'];

export function readSettings(resource: vscode.Uri | undefined): Settings {
  const config = vscode.workspace.getConfiguration('initlint', resource);
  const rawRules = config.get<unknown>('rules');
  const rules: Record<string, RuleSetting> = {};
  if (rawRules && typeof rawRules === 'object') {
    for (const rule of RULES) {
      const value = (rawRules as Record<string, unknown>)[rule.id];
      if (typeof value === 'string' && (RULE_SETTINGS as readonly string[]).includes(value)) rules[rule.id] = value as RuleSetting;
    }
  }
  const debounce = config.get<unknown>('debounceMs');
  const threshold = (key: string, fallback: number, valid: (value: number) => boolean): number => {
    const value = config.get<unknown>(key);
    return typeof value === 'number' && Number.isFinite(value) && valid(value) ? value : fallback;
  };
  return {
    enable: config.get<unknown>('enable') !== false,
    rules,
    exemptOutputLayer: config.get<unknown>('zeroInit.exemptOutputLayer') !== false,
    vanishingThreshold: threshold('gradientFlow.vanishingThreshold', 1e-2, (value) => value > 0 && value < 1),
    explodingThreshold: threshold('gradientFlow.explodingThreshold', 1e2, (value) => value > 1),
    fixAllOnSave: config.get<unknown>('codeActionsOnSave.mode') === 'all' ? 'all' : 'safe',
    debounceMs: typeof debounce === 'number' && Number.isFinite(debounce) ? Math.min(Math.max(debounce, 0), 5000) : 250,
  };
}
