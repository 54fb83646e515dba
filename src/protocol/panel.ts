// The messages the gradient-flow panel and the extension exchange, in both directions, with
// validators: whatever arrives over postMessage is untrusted until a parser accepts it.

import type { ModelIR } from '../core/ir';

export const PANEL_VIEW_TYPE = 'initlint.gradientFlow';

/** Simulation controls the user sets in the panel; kept in the webview state across reloads. */
export interface PanelControls {
  seed: number;
  batch: number;
  maxWidth: number;
  /** A canonical initializer name applied to every kernel layer, or '' for the file's own. */
  whatIf: string;
  /** The layer (index into the model's layers) the what-if applies to; -1 for all of them. */
  whatIfLayer: number;
}

export const DEFAULT_CONTROLS: PanelControls = { seed: 0, batch: 128, maxWidth: 64, whatIf: '', whatIfLayer: -1 };

export interface PanelModel {
  name: string;
  /** 1-based line of the model's definition. */
  line: number;
  /** Where the definition is, when a line of the analyzed text is not what the user sees: `cell 3, line 2` in a notebook. */
  place?: string;
  /** The model itself: plain data the webview simulates. */
  ir: ModelIR;
  /** 1-based line of each layer (index into `ir.layers`). */
  layerLines: number[];
}

/** Extension → webview. */
export type ToPanel =
  /** The active document's models (empty when it has none) and which one to show. */
  | { type: 'document'; uri: string; fileName: string; version: number; models: PanelModel[]; selected: number }
  /** Sent by tests and the benchmark: report performance marks back. */
  | { type: 'reportPerformance' };

/** Webview → extension. */
export type FromPanel =
  | { type: 'ready' }
  | { type: 'selectModel'; index: number }
  | { type: 'reveal'; line: number }
  | { type: 'applyRecommended'; model: number }
  | { type: 'export'; format: 'png' | 'csv'; data: string }
  /** What the page shows, for tests: one entry per series, one value per kernel layer. */
  | { type: 'rendered'; model: string; layers: string[]; series: Record<string, (number | null)[]>; monteCarlo: boolean }
  | { type: 'performance'; marks: Record<string, number> }
  | { type: 'log'; message: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumberOrNull = (value: unknown): boolean => value === null || (typeof value === 'number' && Number.isFinite(value));

/** A message from the webview, or undefined when it is unknown or malformed. */
export function parseFromPanel(message: unknown): FromPanel | undefined {
  if (!isObject(message) || !isString(message.type)) return undefined;
  const m = message;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'selectModel':
      return isInt(m.index) && m.index >= 0 ? { type: 'selectModel', index: m.index } : undefined;
    case 'reveal':
      return isInt(m.line) && m.line >= 1 ? { type: 'reveal', line: m.line } : undefined;
    case 'applyRecommended':
      return isInt(m.model) && m.model >= 0 ? { type: 'applyRecommended', model: m.model } : undefined;
    case 'export':
      return (m.format === 'png' || m.format === 'csv') && isString(m.data) && m.data.length < 20_000_000 ? { type: 'export', format: m.format, data: m.data } : undefined;
    case 'rendered': {
      if (!isString(m.model) || !Array.isArray(m.layers) || !m.layers.every(isString) || !isObject(m.series) || typeof m.monteCarlo !== 'boolean') return undefined;
      const series: Record<string, (number | null)[]> = {};
      for (const [key, values] of Object.entries(m.series)) {
        if (!Array.isArray(values) || !values.every(isNumberOrNull)) return undefined;
        series[key] = values as (number | null)[];
      }
      return { type: 'rendered', model: m.model, layers: m.layers as string[], series, monteCarlo: m.monteCarlo };
    }
    case 'performance': {
      if (!isObject(m.marks)) return undefined;
      const marks: Record<string, number> = {};
      for (const [key, value] of Object.entries(m.marks)) {
        if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
        marks[key] = value;
      }
      return { type: 'performance', marks };
    }
    case 'log':
      return isString(m.message) ? { type: 'log', message: m.message.slice(0, 2000) } : undefined;
    default:
      return undefined;
  }
}

/** A message from the extension, or undefined when it is unknown or malformed. */
export function parseToPanel(message: unknown): ToPanel | undefined {
  if (!isObject(message) || !isString(message.type)) return undefined;
  const m = message;
  if (m.type === 'reportPerformance') return { type: 'reportPerformance' };
  if (m.type !== 'document') return undefined;
  if (!isString(m.uri) || !isString(m.fileName) || !isInt(m.version) || !isInt(m.selected) || !Array.isArray(m.models)) return undefined;
  for (const model of m.models) {
    if (!isObject(model) || !isString(model.name) || !isInt(model.line) || !isObject(model.ir) || !Array.isArray(model.layerLines)) return undefined;
    if (model.place !== undefined && !isString(model.place)) return undefined;
    const ir = model.ir;
    if (!Array.isArray(ir.layers) || !isString(ir.framework) || !model.layerLines.every(isInt) || model.layerLines.length !== ir.layers.length) return undefined;
  }
  return m as unknown as ToPanel;
}
