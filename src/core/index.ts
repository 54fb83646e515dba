// The pure core: no VS Code, no file system. Adapters import only from here.
export { analyze, applyEdits, compatibleEdits, type Analysis, type AnalyzeOptions, type Finding, type FindingFix, type RuleSetting } from './analyze';
export { RULES, ruleById, type Rule, type Severity, type TextEdit } from './rules';
export type { FileIR, Language, ModelIR, LayerIR, Span } from './ir';
export { parseSource, type Tree } from './parse';
export { LineMap } from './lines';
export { extractFile } from './extract';
export { disableForLineEdit } from './suppress';
export { describeInitializer, describeInitializerAt, type InitializerDescription } from './describe';
export {
  readConfigFile, readRuleSettings, mergeConfigs, analyzeOptionsOf, CONFIG_FILES, DEFAULT_CONFIG, RULE_SETTINGS,
  type ConfigFileResult, type ConfigFormat, type InitlintConfig, type ResolvedConfig,
} from './config';
export { analyticFlow, recommendedEdits } from './rules/gradient-flow';
export {
  simulateModel, recommendedModel, flowVerdict, powerOfTen, SIMULATION_DEFAULTS,
  type InitChoice, type LayerFlow, type ModelFlow, type SimulateOptions, type AnalyticLayer, type MonteCarloLayer, type Spread,
} from './simulate';
export { NotebookProgram, maskIPython, readNotebook, type CellEdit, type CellPosition, type CellSpan, type NotebookCell, type NotebookRead } from './notebook';
