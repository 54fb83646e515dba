// The handle VS Code gives a webview page: one per page load, typed to our protocol.

import type { FromPanel } from '../protocol/panel';

export interface VsCodeApi {
  postMessage(message: FromPanel): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
