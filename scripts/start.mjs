// `npm start`: opens the examples in VS Code with initlint loaded from this folder.
// With a desktop `code` on PATH it launches that; otherwise it starts the VS Code server
// installed by setup-vscode-server.mjs and prints the workbench URL to open in a browser.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, URLSearchParams } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(repo, 'examples');

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

if (onPath('code') && process.env.INITLINT_USE_SERVER !== '1') {
  console.log(`code --extensionDevelopmentPath=${repo} ${examples}`);
  const code = spawnSync('code', [`--extensionDevelopmentPath=${repo}`, examples], { stdio: 'inherit' });
  process.exit(code.status ?? 1);
}

const setup = spawnSync(process.execPath, [path.join(repo, 'scripts', 'setup-vscode-server.mjs')], { stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);

// A profile kept in .vscode-test/ so settings and UI state survive restarts.
const profile = path.join(repo, '.vscode-test', 'start-profile');
const dirs = { user: path.join(profile, 'user-data'), server: path.join(profile, 'server-data'), extensions: path.join(profile, 'extensions') };
Object.values(dirs).forEach((dir) => fs.mkdirSync(dir, { recursive: true }));
const settingsFile = path.join(dirs.user, 'User', 'settings.json');
if (!fs.existsSync(settingsFile)) {
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  const settings = { 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'extensions.ignoreRecommendations': true };
  fs.writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
}

const port = Number(process.env.PORT) || (await freePort());
const serverMain = path.join(repo, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const server = spawn(process.execPath, [
  serverMain, '--host', '127.0.0.1', '--port', String(port),
  '--without-connection-token', '--accept-server-license-terms', '--disable-telemetry',
  '--user-data-dir', dirs.user, '--server-data-dir', dirs.server, '--extensions-dir', dirs.extensions,
], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });

const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${repo}`]]);
const url = `http://127.0.0.1:${port}/?${new URLSearchParams({ folder: examples, payload })}`;
let announced = false;
server.stdout.on('data', (chunk) => {
  if (announced || !String(chunk).includes('Extension host agent listening')) return;
  announced = true;
  console.log(`\nVS Code server (pid ${server.pid}) is running with initlint from ${repo}.`);
  console.log(`Open this URL in a browser (rebuild with \`npm run build:dev\`, then reload the page):\n\n  ${url}\n\nPress Ctrl+C to stop.`);
});
server.stderr.on('data', (chunk) => process.stderr.write(chunk));

function stop() {
  try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
}
process.on('SIGINT', () => { stop(); process.exit(0); });
process.on('SIGTERM', () => { stop(); process.exit(0); });
process.on('SIGHUP', () => { stop(); process.exit(0); });
server.on('exit', (code) => {
  console.log(`VS Code server exited (${code ?? 'signal'})`);
  process.exit(code ?? 0);
});
