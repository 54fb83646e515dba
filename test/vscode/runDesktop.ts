// The same integration suite in desktop VS Code through @vscode/test-electron, for machines
// that can download VS Code (these cannot: use `npm run test:vscode` here).
// Usage: npm run test:desktop
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { copyExamples, removeExamples, repoRoot } from './server';

async function main(): Promise<void> {
  const workspace = copyExamples();
  try {
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    removeExamples(workspace);
  }
}

main().catch((error: unknown) => {
  console.error(`desktop integration tests failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
