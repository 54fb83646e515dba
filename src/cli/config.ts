// The configuration that applies to each checked file, as Ruff and mypy find theirs: the nearest
// folder, walking up from the file, whose pyproject.toml has `[tool.initlint]` or whose
// package.json has an "initlint" key; the walk stops at the filesystem root or after the first
// folder holding `.git`. `--config <file>` names one file for every checked file instead.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILES, mergeConfigs, readConfigFile, type ConfigFileResult, type ConfigFormat, type ResolvedConfig } from '../core';
import { reasonOf } from './files';

/** One line per problem, prefixed by the file's path; printed once per config file. */
export type ConfigWarn = (line: string) => void;

export class ConfigResolver {
  /** Folder → the config that applies to files in it (null: none; the defaults). */
  private readonly byFolder = new Map<string, ResolvedConfig | null>();
  private readonly explicit: ResolvedConfig | undefined;

  /** `explicitFile` is `--config`'s value; reading it fails loudly (the user named it). */
  constructor(private readonly warn: ConfigWarn, explicitFile?: string) {
    if (explicitFile !== undefined) this.explicit = this.readExplicit(explicitFile);
  }

  /** The resolved options for a checked file. */
  forFile(file: string): ResolvedConfig {
    if (this.explicit) return this.explicit;
    const walked: string[] = [];
    let applies: ResolvedConfig | null = null;
    for (let folder = path.dirname(path.resolve(file)); ; folder = path.dirname(folder)) {
      const cached = this.byFolder.get(folder);
      if (cached !== undefined) {
        applies = cached;
        break;
      }
      walked.push(folder);
      const own = this.readFolder(folder);
      if (own) {
        applies = own;
        break;
      }
      if (isRepositoryRoot(folder) || path.dirname(folder) === folder) break;
    }
    // A walk from any folder passed on the way would end the same: remember it for them too.
    for (const folder of walked) this.byFolder.set(folder, applies);
    return applies ?? mergeConfigs();
  }

  private readFolder(folder: string): ResolvedConfig | undefined {
    for (const { name, format } of CONFIG_FILES) {
      const file = path.join(folder, name);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue; // absent or unreadable: not this folder's config
      }
      const result = this.report(file, readConfigFile(format, text));
      if (result.found || result.error) return mergeConfigs(result.config);
    }
    return undefined;
  }

  private readExplicit(file: string): ResolvedConfig {
    const format = formatOfPath(file);
    if (!format) throw new ConfigUsageError(`--config must name a .toml (pyproject.toml) or .json (package.json) file; received '${file}'`);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigUsageError(`cannot read --config ${file}: ${reasonOf(error)}`);
    }
    const result = this.report(file, readConfigFile(format, text));
    if (!result.found && !result.error) this.warn(`${file}: has no ${format === 'pyproject' ? '[tool.initlint] table' : '"initlint" key'}; using the defaults`);
    return mergeConfigs(result.config);
  }

  private report(file: string, result: ConfigFileResult): ConfigFileResult {
    if (result.error) this.warn(`${file}: ${result.error}; using the defaults`);
    for (const warning of result.warnings) this.warn(`${file}: ${warning}`);
    return result;
  }
}

/** Bad `--config`: the CLI turns it into exit code 2. */
export class ConfigUsageError extends Error {}

function formatOfPath(file: string): ConfigFormat | undefined {
  const extension = path.extname(file).toLowerCase();
  return extension === '.toml' ? 'pyproject' : extension === '.json' ? 'package-json' : undefined;
}

function isRepositoryRoot(folder: string): boolean {
  return fs.existsSync(path.join(folder, '.git'));
}
