// Starts VS Code server (from the code-server npm package, installed by
// scripts/setup-vscode-server.mjs) with throw-away profile folders, and builds the
// workbench URL that loads the extension under development. Used by both test tiers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The repository root: the nearest folder above this file holding initlint's package.json. */
export const repoRoot = findRepoRoot(__dirname);

export const serverMain = path.join(repoRoot, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');

/** User settings for a fresh profile: no welcome page, trust dialog, telemetry or update checks. */
export const testSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
};

export interface ServerOptions {
  /** Extra environment for the server and thereby for its extension host. */
  env?: Record<string, string>;
  /** Settings merged over testSettings. */
  settings?: Record<string, unknown>;
  /** Milliseconds to wait for the server to answer HTTP. */
  startTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  /** Temp folder holding the profile, server data, extensions and server.log. */
  dataDir: string;
  /** Last lines of the server log and of the extension host logs. */
  logTail(lines?: number): string;
  /** Kills the server (and its extension host) by process id and deletes dataDir unless keep. */
  stop(keep?: boolean): Promise<void>;
}

export interface WorkbenchOptions {
  folder: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  if (!fs.existsSync(serverMain)) {
    throw new Error(`VS Code server missing at ${serverMain}: run node scripts/setup-vscode-server.mjs`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlint-vscode-'));
  const dirs = { user: path.join(dataDir, 'user-data'), server: path.join(dataDir, 'server-data'), extensions: path.join(dataDir, 'extensions') };
  fs.mkdirSync(path.join(dirs.user, 'User'), { recursive: true });
  fs.mkdirSync(dirs.server, { recursive: true });
  fs.mkdirSync(dirs.extensions, { recursive: true });
  const settings = JSON.stringify({ ...testSettings, ...options.settings }, null, 2);
  fs.writeFileSync(path.join(dirs.user, 'User', 'settings.json'), settings);

  const port = await freePort();
  const logFile = path.join(dataDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    serverMain, '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', '--disable-telemetry',
    '--user-data-dir', dirs.user, '--server-data-dir', dirs.server, '--extensions-dir', dirs.extensions,
  ];
  // detached: the server leads its own process group, so stop() also ends its extension hosts.
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error('could not spawn the VS Code server');
  const pid = child.pid;
  let exited = false;
  child.on('exit', () => { exited = true; });

  const url = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    url, port, pid, dataDir,
    logTail: (lines = 40) => tailLogs(dataDir, lines),
    async stop(keep = false) {
      await killGroup(pid, () => exited);
      if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!(await answers(url))) {
    if (exited || Date.now() > deadline) {
      const tail = server.logTail();
      await server.stop();
      throw new Error(`VS Code server did not start on ${url}\n${tail}`);
    }
    await delay(200);
  }
  return server;
}

/** `http://127.0.0.1:<port>/?folder=…&payload=…` with development/test paths as vscode-remote URIs. */
export function workbenchUrl(server: RunningServer, options: WorkbenchOptions): string {
  const remote = (file: string) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(file)}`;
  const payload: [string, string][] = [];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: path.resolve(options.folder) });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query.toString()}`;
}

/** A temp copy of examples/ (still named examples) so that tests never modify the repository's files. */
export function copyExamples(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'initlint-workspace-')), 'examples');
  fs.cpSync(path.join(repoRoot, 'examples'), dir, { recursive: true });
  return dir;
}

/** Deletes a copy made by copyExamples. */
export function removeExamples(dir: string): void {
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'initlint') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no initlint package.json above ${start}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function killGroup(pid: number, hasExited: () => boolean): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try { process.kill(-pid, name); } catch { /* already gone */ }
  };
  signal('SIGTERM');
  for (let waited = 0; waited < 5000 && !hasExited(); waited += 100) await delay(100);
  signal('SIGKILL');
}

function tailLogs(dataDir: string, lines: number): string {
  const files = [path.join(dataDir, 'server.log'), ...listFiles(path.join(dataDir, 'server-data')).filter((f) => /exthost|remoteagent/i.test(f) && f.endsWith('.log'))];
  return files
    .filter((f) => fs.existsSync(f))
    .map((f) => `--- ${f}\n${fs.readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`)
    .join('\n');
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f)));
}
