// The `check` report in the formats of DESIGN.md's contract: text, json, sarif.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, type Severity } from '../core';
import { printable, type FileLanguage } from './files';
import type { Place, PlacedFinding } from './places';

export interface FileReport {
  path: string;
  language: FileLanguage;
  findings: PlacedFinding[];
}

/** A place as DESIGN.md's JSON writes it: `cell` first when there is one. */
function jsonPlace(place: Place): Place {
  const { cell, line, column, endLine, endColumn } = place;
  return { ...(cell !== undefined ? { cell } : {}), line, column, endLine, endColumn };
}

export function toJson(reports: readonly FileReport[]): object {
  return {
    version: 1,
    files: reports.map((report) => ({
      path: report.path,
      language: report.language,
      diagnostics: report.findings.map((finding) => ({
        rule: finding.ruleId,
        severity: finding.severity,
        message: finding.message,
        ...jsonPlace(finding.place),
        fixes: finding.fix ? [{ title: finding.fix.title, edits: finding.fix.edits.map((edit) => ({ ...jsonPlace(edit), text: edit.text })) }] : [],
      })),
    })),
  };
}

/**
 * A finding's start as the text report prints it: `line:column`, and in a notebook Ruff's
 * `cell N:line:column`, where N counts every cell of the notebook (markdown included) from 1,
 * as Jupyter's and Ruff's cell numbers do (JSON's `cell` is the same cell counted from 0).
 */
export function textPosition(place: Place): string {
  return `${place.cell !== undefined ? `cell ${place.cell + 1}:` : ''}${place.line}:${place.column}`;
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
    out.push(printable(report.path));
    const positions = report.findings.map((finding) => textPosition(finding.place));
    const width = Math.max(8, ...positions.map((position) => position.length));
    report.findings.forEach((finding, i) => {
      counts[finding.severity]++;
      out.push(`  ${positions[i].padEnd(width)} ${finding.severity.padEnd(11)} ${printable(finding.message)}  ${finding.ruleId}`);
    });
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
          const uri = sarifUri(report.path);
          return report.findings.map((finding) => ({
            ruleId: finding.ruleId,
            level: SARIF_LEVEL[finding.severity],
            message: { text: finding.message },
            locations: [sarifLocation(uri, finding.place)],
            ...(finding.related.length > 0
              ? { relatedLocations: finding.related.map((item, id) => ({ id, ...sarifLocation(uri, item.place), message: { text: item.message } })) }
              : {}),
          }));
        }),
      },
    ],
  };
}

/**
 * A SARIF location. In a notebook the region's lines and columns count within the cell, as every
 * notebook tool's positions do (the lines of the .ipynb JSON mean nothing to a reader), and the
 * cell is named in the location's property bag (in SARIF 2.1.0 every object may carry one):
 * `properties.cell`, 0-based among all the notebook's cells as in the JSON report.
 */
function sarifLocation(uri: string, place: Place): object {
  return {
    physicalLocation: {
      artifactLocation: { uri },
      region: { startLine: place.line, startColumn: place.column, endLine: place.endLine, endColumn: place.endColumn },
    },
    ...(place.cell !== undefined ? { properties: { cell: place.cell } } : {}),
  };
}
