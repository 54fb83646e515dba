// Quick fixes per finding, "fix all" actions and source.fixAll.initlint.

import * as vscode from 'vscode';
import { compatibleEdits, disableForLineEdit, type Finding } from '../core';
import { docsUri, ruleIdOf, toRange, toWorkspaceEdit } from './convert';
import { languageOf, type DocumentAnalyses } from './documents';
import { readSettings } from './settings';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('initlint');

export class InitlintCodeActionProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly extensionUri: vscode.Uri,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const version = document.version;
    const analysis = await this.analyses.get(document);
    // Edits are computed for one version: when the document moved meanwhile, offer nothing.
    if (!analysis || analysis.version !== version || document.version !== version) return [];
    const only = context.only;
    // `source`, `source.fixAll` or ours asks for fix-all; a kind narrower than ours gets nothing.
    if (only && FIX_ALL_KIND.intersects(only)) return only.contains(FIX_ALL_KIND) ? this.fixAllOnSave(document, analysis.findings) : [];
    if (only && !vscode.CodeActionKind.QuickFix.intersects(only)) return [];

    const actions: vscode.CodeAction[] = [];
    const offeredRules = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      const finding = analysis.findings.find((item) => item.ruleId === ruleId && toRange(document, item.span).isEqual(diagnostic.range));
      if (finding?.fix) {
        const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(document, finding.fix.edits);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
      if (offeredRules.has(ruleId)) continue;
      offeredRules.add(ruleId);
      const sameRule = analysis.findings.filter((item) => item.ruleId === ruleId && item.fix);
      if (sameRule.length > 1) actions.push(this.fixAllAction(document, sameRule, `Fix all ${ruleId} problems`, vscode.CodeActionKind.QuickFix));
      const language = languageOf(document);
      if (language) {
        const disable = new vscode.CodeAction(`Disable ${ruleId} for this line`, vscode.CodeActionKind.QuickFix);
        disable.edit = toWorkspaceEdit(document, [disableForLineEdit(document.getText(), document.offsetAt(diagnostic.range.start), ruleId, language)]);
        disable.diagnostics = [diagnostic];
        actions.push(disable);
      }
      const docs = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
      docs.command = { title: docs.title, command: 'vscode.open', arguments: [docsUri(this.extensionUri, ruleId)] };
      actions.push(docs);
    }
    const fixable = analysis.findings.filter((item) => item.fix);
    if (offeredRules.size > 0 && fixable.length > 1) {
      actions.push(this.fixAllAction(document, fixable, 'Fix all initlint problems', vscode.CodeActionKind.QuickFix));
    }
    return actions;
  }

  private fixAllOnSave(document: vscode.TextDocument, findings: readonly Finding[]): vscode.CodeAction[] {
    const mode = readSettings(document.uri).fixAllOnSave;
    const chosen = findings.filter((finding) => finding.fix && (mode === 'all' || finding.fix.safety === 'safe'));
    if (chosen.length === 0) return [];
    return [this.fixAllAction(document, chosen, 'Fix all initlint problems', FIX_ALL_KIND)];
  }

  private fixAllAction(document: vscode.TextDocument, findings: readonly Finding[], title: string, kind: vscode.CodeActionKind): vscode.CodeAction {
    const action = new vscode.CodeAction(title, kind);
    action.edit = toWorkspaceEdit(document, editsOfAllFixes(findings));
    return action;
  }
}

/** The edits of every finding's fix that can be applied together. */
function editsOfAllFixes(findings: readonly Finding[]) {
  return compatibleEdits(findings.flatMap((finding) => (finding.fix ? [finding.fix] : [])));
}

/** The `initlint.fixAll` command: every fix of the active document, safe or not (the user asked). */
export async function fixAllInEditor(analyses: DocumentAnalyses, editor: vscode.TextEditor | undefined): Promise<boolean> {
  if (!editor) return false;
  const analysis = await analyses.get(editor.document);
  if (!analysis || analysis.version !== editor.document.version) return false;
  const edits = editsOfAllFixes(analysis.findings);
  if (edits.length === 0) return false;
  return vscode.workspace.applyEdit(toWorkspaceEdit(editor.document, edits));
}
