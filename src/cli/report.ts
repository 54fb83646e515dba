// The `check` report in the formats of DESIGN.md's contract: text, json, sarif.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, type Finding, type Language, type Severity } from '../core';
import { LineMap } from '../core';
import { printable } from './files';

export interface FileReport {
  path: string;
  language: Language;
  text: string;
  findings: Finding[];
}

interface JsonRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function jsonRange(lines: LineMap, from: number, to: number): JsonRange {
  const start = lines.position(from);
  const end = lines.position(to);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

export function toJson(reports: readonly FileReport[]): object {
  return {
    version: 1,
    files: reports.map((report) => {
      const lines = new LineMap(report.text);
      return {
        path: report.path,
        language: report.language,
        diagnostics: report.findings.map((finding) => ({
          rule: finding.ruleId,
          severity: finding.severity,
          message: finding.message,
          ...jsonRange(lines, finding.span.from, finding.span.to),
          fixes: finding.fix
            ? [{ title: finding.fix.title, edits: finding.fix.edits.map((edit) => ({ ...jsonRange(lines, edit.from, edit.to), text: edit.text })) }]
            : [],
        })),
      };
    }),
  };
}

const PLURAL: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  information: ['information', 'information'],
  hint: ['hint', 'hints'],
};

export function toText(reports: readonly FileReport[]): string {
  const out: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const report of reports) {
    if (report.findings.length === 0) continue;
    const lines = new LineMap(report.text);
    out.push(printable(report.path));
    for (const finding of report.findings) {
      const { line, column } = lines.position(finding.span.from);
      counts[finding.severity]++;
      out.push(`  ${`${line}:${column}`.padEnd(8)} ${finding.severity.padEnd(11)} ${printable(finding.message)}  ${finding.ruleId}`);
    }
    out.push('');
  }
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (total === 0) {
    out.push(`No problems found in ${reports.length} file${reports.length === 1 ? '' : 's'}.`);
  } else {
    const parts = (Object.keys(counts) as Severity[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${PLURAL[s][counts[s] === 1 ? 0 : 1]}`);
    out.push(`${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${reports.length} file${reports.length === 1 ? '' : 's'}.`);
  }
  return out.join('\n');
}

/**
 * SARIF's `artifactLocation.uri` is a URI reference: an absolute path becomes a `file:` URL, a
 * relative one stays relative with each segment percent-encoded (spaces, `#`, `%`, unicode).
 */
export function sarifUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(path.sep === '\\' ? /[\\/]/ : '/').map(encodeURIComponent).join('/');
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(reports: readonly FileReport[], version: string): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'initlint',
            version,
            rules: RULES.map((rule) => ({ id: rule.id, shortDescription: { text: rule.meta.description }, defaultConfiguration: { level: SARIF_LEVEL[rule.meta.defaultSeverity] } })),
          },
        },
        results: reports.flatMap((report) => {
          const lines = new LineMap(report.text);
          return report.findings.map((finding) => {
            const range = jsonRange(lines, finding.span.from, finding.span.to);
            return {
              ruleId: finding.ruleId,
              level: SARIF_LEVEL[finding.severity],
              message: { text: finding.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: sarifUri(report.path) },
                    region: { startLine: range.line, startColumn: range.column, endLine: range.endLine, endColumn: range.endColumn },
                  },
                },
              ],
            };
          });
        }),
      },
    ],
  };
}
