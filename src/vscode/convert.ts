// Core findings → VS Code objects.

import * as vscode from 'vscode';
import type { Finding, Severity, Span, TextEdit } from '../core';
import type { AnalysisView } from './views';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.from), document.positionAt(span.to));
}

export function docsUri(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

/**
 * A finding as a diagnostic, and the document it belongs to. In a notebook a span that runs into
 * the next cell is shown up to its own cell's end (code actions compare ranges the same way).
 */
export function toDiagnostic(view: AnalysisView, finding: Finding, extensionUri: vscode.Uri): { uri: vscode.Uri; diagnostic: vscode.Diagnostic } | undefined {
  const location = view.locate(finding.span, true);
  if (!location) return undefined;
  const diagnostic = new vscode.Diagnostic(location.range, finding.message, SEVERITY[finding.severity]);
  diagnostic.source = 'initlint';
  diagnostic.code = { value: finding.ruleId, target: docsUri(extensionUri, finding.ruleId) };
  const related = finding.related.flatMap((item) => {
    const at = view.locate(item.span, true);
    return at ? [new vscode.DiagnosticRelatedInformation(at, item.message)] : [];
  });
  if (related.length > 0) diagnostic.relatedInformation = related;
  return { uri: location.uri, diagnostic };
}

export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) workspaceEdit.replace(document.uri, toRange(document, edit), edit.text);
  return workspaceEdit;
}

/** The rule id of an initlint diagnostic, or undefined for anyone else's. */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== 'initlint') return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

/** A suppression comment that names an unknown rule id. */
export function suppressionDiagnostic(view: AnalysisView, warning: { span: Span; message: string }): { uri: vscode.Uri; diagnostic: vscode.Diagnostic } | undefined {
  const location = view.locate(warning.span, true);
  if (!location) return undefined;
  const diagnostic = new vscode.Diagnostic(location.range, warning.message, vscode.DiagnosticSeverity.Warning);
  diagnostic.source = 'initlint';
  diagnostic.code = 'unknown-rule-id';
  return { uri: location.uri, diagnostic };
}
