// Core findings → VS Code objects.

import * as vscode from 'vscode';
import type { Finding, Severity, Span, TextEdit } from '../core';

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

export function toDiagnostic(document: vscode.TextDocument, finding: Finding, extensionUri: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(document, finding.span), finding.message, SEVERITY[finding.severity]);
  diagnostic.source = 'initlint';
  diagnostic.code = { value: finding.ruleId, target: docsUri(extensionUri, finding.ruleId) };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map(
      (item) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, toRange(document, item.span)), item.message),
    );
  }
  return diagnostic;
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
export function suppressionDiagnostic(document: vscode.TextDocument, warning: { span: Span; message: string }): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(document, warning.span), warning.message, vscode.DiagnosticSeverity.Warning);
  diagnostic.source = 'initlint';
  diagnostic.code = 'unknown-rule-id';
  return diagnostic;
}
