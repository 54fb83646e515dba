// initlint.* settings, read per resource and normalised: junk maps to defaults. The options a
// config file can also set (pyproject.toml / package.json) are layered: defaults < the config
// file < settings the user set explicitly at any level (told apart from defaults by inspect()).

import * as vscode from 'vscode';
import { mergeConfigs, readRuleSettings, type InitlintConfig, type ResolvedConfig } from '../core';

export interface Settings extends ResolvedConfig {
  fixAllOnSave: 'safe' | 'all';
  debounceMs: number;
  /** Documents longer than this many characters are not analyzed. */
  maxFileSize: number;
}

export const DEFAULT_MAX_FILE_SIZE = 1_000_000;

/** The deprecated spelling of `zeroInit.allowOutputLayer`, still read when the new key is not set. */
const DEPRECATED_ALLOW_OUTPUT_LAYER = 'zeroInit.exemptOutputLayer';

/** Settings for `resource`, with `fileConfig` (the config file that applies to it) under explicit settings. */
export function readSettings(resource: vscode.Uri | undefined, fileConfig?: InitlintConfig): Settings {
  const config = vscode.workspace.getConfiguration('initlint', resource);
  const debounce = config.get<unknown>('debounceMs');
  const maxFileSize = config.get<unknown>('maxFileSize');
  return {
    ...mergeConfigs(fileConfig, explicitSettings(config)),
    fixAllOnSave: config.get<unknown>('codeActionsOnSave.mode') === 'all' ? 'all' : 'safe',
    debounceMs: typeof debounce === 'number' && Number.isFinite(debounce) ? Math.min(Math.max(debounce, 0), 5000) : 250,
    maxFileSize: typeof maxFileSize === 'number' && maxFileSize >= 0 ? maxFileSize : DEFAULT_MAX_FILE_SIZE,
  };
}

/** The options the user set in user, workspace or folder settings; values of the wrong type are dropped. */
function explicitSettings(config: vscode.WorkspaceConfiguration): InitlintConfig {
  const explicit: InitlintConfig = {};
  const enable = explicitValue(config, 'enable');
  if (typeof enable === 'boolean') explicit.enable = enable;
  const allow = explicitValue(config, 'zeroInit.allowOutputLayer') ?? explicitValue(config, DEPRECATED_ALLOW_OUTPUT_LAYER);
  if (typeof allow === 'boolean') explicit.allowOutputLayer = allow;
  const vanishing = explicitValue(config, 'gradientFlow.vanishingThreshold');
  if (typeof vanishing === 'number' && vanishing > 0 && vanishing < 1) explicit.vanishingThreshold = vanishing;
  const exploding = explicitValue(config, 'gradientFlow.explodingThreshold');
  if (typeof exploding === 'number' && Number.isFinite(exploding) && exploding > 1) explicit.explodingThreshold = exploding;
  // An object setting's levels merge key by key (as VS Code's own get() does), lowest first.
  const rules = explicitLevels(config, 'rules').map((level) => readRuleSettings(level, 'initlint.rules'));
  if (rules.length > 0) explicit.rules = Object.assign({}, ...rules);
  return explicit;
}

/** The value set at the most specific level, or undefined when only the default applies. */
function explicitValue(config: vscode.WorkspaceConfiguration, key: string): unknown {
  return explicitLevels(config, key).at(-1);
}

/** Values set at each level, from the least to the most specific. */
function explicitLevels(config: vscode.WorkspaceConfiguration, key: string): unknown[] {
  const levels = config.inspect<unknown>(key);
  if (!levels) return [];
  return [
    levels.globalValue, levels.workspaceValue, levels.workspaceFolderValue,
    levels.globalLanguageValue, levels.workspaceLanguageValue, levels.workspaceFolderLanguageValue,
  ].filter((value) => value !== undefined);
}
