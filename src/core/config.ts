// initlint's options as the ecosystems' own config files state them: `[tool.initlint]` in
// pyproject.toml (kebab-case keys, as Ruff's) and an "initlint" key in package.json (camelCase,
// as the VS Code settings). Pure: text in, options and warnings out; finding and reading the
// files is the adapters' job. Unknown keys and junk values are dropped with a warning that
// names what was expected; a file that does not parse gives one error and the defaults.

import { parse as parseToml, TomlError } from 'smol-toml';
import type { RuleSetting } from './analyze';
import { RULES } from './rules';

/** The options a configuration layer sets; a key left out defers to the layer below. */
export interface InitlintConfig {
  enable?: boolean;
  /** Severity per rule id; merged rule by rule across layers. */
  rules?: Record<string, RuleSetting>;
  /** The model's output layer is exempt from zero-init. */
  allowOutputLayer?: boolean;
  vanishingThreshold?: number;
  explodingThreshold?: number;
}

export type ResolvedConfig = Required<InitlintConfig>;

export const DEFAULT_CONFIG: Readonly<ResolvedConfig> = Object.freeze({
  enable: true,
  rules: {},
  allowOutputLayer: true,
  vanishingThreshold: 1e-2,
  explodingThreshold: 1e2,
});

export type ConfigFormat = 'pyproject' | 'package-json';

/** Config file names, in the order they are read within one folder. */
export const CONFIG_FILES: readonly { name: string; format: ConfigFormat }[] = [
  { name: 'pyproject.toml', format: 'pyproject' },
  { name: 'package.json', format: 'package-json' },
];

export interface ConfigFileResult {
  /** Whether the file holds an initlint section; a file without one is passed over by the search. */
  found: boolean;
  config: InitlintConfig;
  /** Keys and values that were ignored, one sentence each. */
  warnings: string[];
  /** Why the file could not be read as a whole; its options are then the defaults. */
  error?: string;
}

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'information', 'hint', 'default'];

type ScalarKey = Exclude<keyof InitlintConfig, 'rules'>;

interface ScalarOption {
  key: ScalarKey;
  /** The key's path under `[tool.initlint]` and under `"initlint"`. */
  path: Record<ConfigFormat, readonly string[]>;
  expected: string;
  read: (value: unknown) => boolean | number | undefined;
}

const booleanValue = (value: unknown) => (typeof value === 'boolean' ? value : undefined);
const numberIn = (valid: (value: number) => boolean) => (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && valid(value) ? value : undefined);

const SCALAR_OPTIONS: readonly ScalarOption[] = [
  { key: 'enable', path: { pyproject: ['enable'], 'package-json': ['enable'] }, expected: 'true or false', read: booleanValue },
  {
    key: 'allowOutputLayer',
    path: { pyproject: ['zero-init', 'allow-output-layer'], 'package-json': ['zeroInit', 'allowOutputLayer'] },
    expected: 'true or false',
    read: booleanValue,
  },
  {
    key: 'vanishingThreshold',
    path: { pyproject: ['gradient-flow', 'vanishing-threshold'], 'package-json': ['gradientFlow', 'vanishingThreshold'] },
    expected: 'a number between 0 and 1',
    read: numberIn((value) => value > 0 && value < 1),
  },
  {
    key: 'explodingThreshold',
    path: { pyproject: ['gradient-flow', 'exploding-threshold'], 'package-json': ['gradientFlow', 'explodingThreshold'] },
    expected: 'a number above 1',
    read: numberIn((value) => value > 1),
  },
];

const RULES_KEY = 'rules';
const SECTION: Record<ConfigFormat, string> = { pyproject: 'tool.initlint', 'package-json': 'initlint' };
const FILE_NAME: Record<ConfigFormat, string> = { pyproject: 'pyproject.toml', 'package-json': 'package.json' };

/** Reads the initlint section of a config file's text. Never throws. */
export function readConfigFile(format: ConfigFormat, text: string): ConfigFileResult {
  let document: unknown;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors on Windows may write a BOM
  try {
    document = format === 'pyproject' ? parseToml(body) : JSON.parse(body);
  } catch (error) {
    return { found: false, config: {}, warnings: [], error: parseErrorOf(format, error) };
  }
  const section = format === 'pyproject' ? child(child(document, 'tool'), 'initlint') : child(document, 'initlint');
  if (section === undefined) return { found: false, config: {}, warnings: [] };
  if (!isTable(section)) {
    return { found: true, config: {}, warnings: [`'${SECTION[format]}' must be a table of options; received ${describe(section)}`] };
  }
  const warnings: string[] = [];
  const config: InitlintConfig = {};
  for (const option of SCALAR_OPTIONS) {
    const path = option.path[format];
    const value = path.reduce<unknown>((table, key) => child(table, key), section);
    if (value === undefined) continue;
    const read = option.read(value);
    if (read === undefined) warnings.push(`'${[SECTION[format], ...path].join('.')}' must be ${option.expected}; received ${describe(value)}`);
    else (config as Record<ScalarKey, boolean | number>)[option.key] = read;
  }
  const rules = section[RULES_KEY];
  if (rules !== undefined) config.rules = readRuleSettings(rules, `${SECTION[format]}.${RULES_KEY}`, warnings);
  warnings.push(...unknownKeys(format, section));
  return { found: true, config, warnings };
}

/** Rule severities from a table of id → setting; unknown ids and values are dropped with a warning. */
export function readRuleSettings(value: unknown, where: string, warnings: string[] = []): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  if (!isTable(value)) {
    warnings.push(`'${where}' must be a table of rule id → severity; received ${describe(value)}`);
    return rules;
  }
  const known = RULES.map((rule) => rule.id);
  for (const [id, setting] of Object.entries(value)) {
    if (!known.includes(id)) {
      warnings.push(`unknown rule id '${id}' in '${where}' (known: ${known.join(', ')})`);
    } else if (typeof setting !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(setting)) {
      warnings.push(`'${where}.${id}' must be one of ${RULE_SETTINGS.join(', ')}; received ${describe(setting)}`);
    } else {
      rules[id] = setting as RuleSetting;
    }
  }
  return rules;
}

/** Layers from lowest to highest precedence (defaults first); rule severities merge per id. */
export function mergeConfigs(...layers: readonly (InitlintConfig | undefined)[]): ResolvedConfig {
  const merged: ResolvedConfig = { ...DEFAULT_CONFIG, rules: {} };
  for (const layer of layers) {
    if (!layer) continue;
    for (const option of SCALAR_OPTIONS) {
      const value = layer[option.key];
      if (value !== undefined) (merged as Record<ScalarKey, boolean | number>)[option.key] = value;
    }
    Object.assign(merged.rules, layer.rules);
  }
  return merged;
}

/** What `analyze(…)` takes from a resolved configuration. */
export function analyzeOptionsOf(config: ResolvedConfig): { rules: Record<string, RuleSetting>; exemptOutputLayer: boolean; vanishingThreshold: number; explodingThreshold: number } {
  return {
    rules: config.rules,
    exemptOutputLayer: config.allowOutputLayer,
    vanishingThreshold: config.vanishingThreshold,
    explodingThreshold: config.explodingThreshold,
  };
}

/** Warnings for keys of the section that no option reads, with the right spelling when one is close. */
function unknownKeys(format: ConfigFormat, section: Record<string, unknown>): string[] {
  const known = new Map<string, Set<string>>([['', new Set([RULES_KEY])]]);
  for (const option of SCALAR_OPTIONS) {
    const path = option.path[format];
    for (let depth = 0; depth < path.length; depth++) {
      const parent = path.slice(0, depth).join('.');
      if (!known.has(parent)) known.set(parent, new Set());
      known.get(parent)!.add(path[depth]);
    }
  }
  const warnings: string[] = [];
  const visit = (table: Record<string, unknown>, parent: string): void => {
    const names = known.get(parent)!;
    for (const [key, value] of Object.entries(table)) {
      const path = parent ? `${parent}.${key}` : key;
      if (!names.has(key)) {
        const close = [...names].find((name) => looseKey(name) === looseKey(key));
        const hint = close ? `; ${FILE_NAME[format]} spells it '${close}'` : ` (known here: ${[...names].join(', ')})`;
        warnings.push(`unknown key '${SECTION[format]}.${path}' ignored${hint}`);
      } else if (known.has(path) && isTable(value)) {
        visit(value, path);
      } else if (known.has(path)) {
        warnings.push(`'${SECTION[format]}.${path}' must be a table; received ${describe(value)}`);
      }
    }
  };
  visit(section, '');
  return warnings;
}

/** `allow-output-layer`, `allowOutputLayer` and `allow_output_layer` compare equal. */
function looseKey(key: string): string {
  return key.replaceAll('-', '').replaceAll('_', '').toLowerCase();
}

function parseErrorOf(format: ConfigFormat, error: unknown): string {
  if (error instanceof TomlError) {
    const reason = error.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
    return `not valid TOML (line ${error.line}, column ${error.column}): ${reason}`;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `not valid ${format === 'pyproject' ? 'TOML' : 'JSON'}: ${reason}`;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function child(value: unknown, key: string): unknown {
  return isTable(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (isTable(value)) return 'a table';
  return String(value);
}
