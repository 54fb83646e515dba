// The result file format shared by the in-extension-host suite and its runner.
export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface ResultFile {
  tests: TestResult[];
  failures: number;
  /** Set when the suite could not load or run at all. */
  error: string | null;
}

/** The closing line both tiers print, e.g. `integration: 7 passed, 0 failed`. */
export function summaryLine(tier: string, passed: number, failed: number): string {
  return `${tier}: ${passed} passed, ${failed} failed`;
}

/** Whether the running script is out/test/vscode/<name>.js. */
export function isEntryPoint(name: string): boolean {
  return /[\\/]([^\\/]+)\.js$/.exec(process.argv[1] ?? '')?.[1] === name;
}
