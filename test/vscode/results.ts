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

/**
 * Runs a tier when its own file is the entry point (not `require.main === module`: bundled
 * into runAll.js that would be true there too), exiting 1 on any failure.
 */
export function runIfEntryPoint(name: string, run: () => Promise<{ failed: number }>): void {
  if (!isEntryPoint(name)) return;
  run().then(
    ({ failed }) => process.exit(failed > 0 ? 1 : 0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
