// Quick fixes per finding, "fix all" actions and source.fixAll.initlint, in files and in notebook
// cells alike (a notebook's fixes are made in the cells their edits fall in).

import * as vscode from 'vscode';
import { compatibleEdits, disableForLineEdit, type Finding, type FindingFix } from '../core';
import { docsUri, ruleIdOf, toWorkspaceEdit } from './convert';
import { languageOf, type DocumentAnalyses } from './documents';
import { isNotebook, type AnalysisView } from './views';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('initlint');
/** `notebook.codeActionsOnSave`'s notebook-wide fix-all: asked once (of the first cell), it edits every cell. */
export const NOTEBOOK_FIX_ALL_KIND = vscode.CodeActionKind.Notebook.append(FIX_ALL_KIND.value);

export class InitlintCodeActionProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND, NOTEBOOK_FIX_ALL_KIND];

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly extensionUri: vscode.Uri,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const view = await this.analyses.view(this.analyses.subjectOf(document));
    // Edits are computed for one version: when the document (or the notebook) moved meanwhile, offer nothing.
    if (!view || !view.isCurrent()) return [];
    const { findings } = view.analysis;
    const only = context.only;
    if (only && NOTEBOOK_FIX_ALL_KIND.intersects(only)) return only.contains(NOTEBOOK_FIX_ALL_KIND) && isNotebook(view.subject) ? this.fixAllOnSave(view, NOTEBOOK_FIX_ALL_KIND) : [];
    // `source`, `source.fixAll` or ours asks for fix-all; a kind narrower than ours gets nothing.
    if (only && FIX_ALL_KIND.intersects(only)) return only.contains(FIX_ALL_KIND) ? this.fixAllOnSave(view, FIX_ALL_KIND, document) : [];
    if (only && !vscode.CodeActionKind.QuickFix.intersects(only)) return [];

    const actions: vscode.CodeAction[] = [];
    const offeredRules = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      // Diagnostics show a finding cut at its cell's end (diagnostics.ts): compare the same way.
      const finding = findings.find((item) => item.ruleId === ruleId && isAt(view.locate(item.span, true), document, diagnostic.range));
      const edit = finding?.fix && view.workspaceEdit(finding.fix.edits);
      if (finding?.fix && edit) {
        const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = edit;
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
      if (offeredRules.has(ruleId)) continue;
      offeredRules.add(ruleId);
      const sameRule = fixesOf(view, findings.filter((item) => item.ruleId === ruleId));
      if (sameRule.length > 1) actions.push(fixAllAction(view, sameRule, `Fix all ${ruleId} problems`, vscode.CodeActionKind.QuickFix));
      const language = languageOf(document);
      if (language) {
        // A line of a cell is a line of the notebook's program: the comment goes into the cell.
        const disable = new vscode.CodeAction(`Disable ${ruleId} for this line`, vscode.CodeActionKind.QuickFix);
        disable.edit = toWorkspaceEdit(document, [disableForLineEdit(document.getText(), document.offsetAt(diagnostic.range.start), ruleId, language)]);
        disable.diagnostics = [diagnostic];
        actions.push(disable);
      }
      const docs = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
      docs.command = { title: docs.title, command: 'vscode.open', arguments: [docsUri(this.extensionUri, ruleId)] };
      actions.push(docs);
    }
    const fixable = fixesOf(view, findings);
    if (offeredRules.size > 0 && fixable.length > 1) {
      actions.push(fixAllAction(view, fixable, 'Fix all initlint problems', vscode.CodeActionKind.QuickFix));
    }
    return actions;
  }

  /**
   * On save, VS Code asks each document (each cell of a notebook) in turn: a cell gets the fixes
   * whose edits all fall in it, so that no fix is made twice. Without `document`: every fix (the
   * notebook-wide kind).
   */
  private fixAllOnSave(view: AnalysisView, kind: vscode.CodeActionKind, document?: vscode.TextDocument): vscode.CodeAction[] {
    const mode = this.analyses.settingsFor(view.subject).fixAllOnSave;
    const chosen = fixesOf(view, view.analysis.findings, document).filter((fix) => mode === 'all' || fix.safety === 'safe');
    if (chosen.length === 0) return [];
    return [fixAllAction(view, chosen, 'Fix all initlint problems', kind)];
  }
}

function isAt(location: vscode.Location | undefined, document: vscode.TextDocument, range: vscode.Range): boolean {
  return location !== undefined && location.uri.toString() === document.uri.toString() && location.range.isEqual(range);
}

/**
 * The findings' fixes that can be made: in a notebook, not those with an edit over two cells;
 * with `document`, only those whose edits all fall in it.
 */
function fixesOf(view: AnalysisView, findings: readonly Finding[], document?: vscode.TextDocument): FindingFix[] {
  const inDocument = (fix: FindingFix) => !document || fix.edits.every((edit) => view.locate(edit)?.uri.toString() === document.uri.toString());
  return findings.flatMap((finding) => (finding.fix && view.workspaceEdit(finding.fix.edits) && inDocument(finding.fix) ? [finding.fix] : []));
}

function fixAllAction(view: AnalysisView, fixes: readonly FindingFix[], title: string, kind: vscode.CodeActionKind): vscode.CodeAction {
  const action = new vscode.CodeAction(title, kind);
  // Each fix's edits can be made (fixesOf), so any subset of them can too.
  action.edit = view.workspaceEdit(compatibleEdits(fixes));
  return action;
}

/** The `initlint.fixAll` command: every fix of the active document or notebook, safe or not (the user asked). */
export async function fixAllInEditor(analyses: DocumentAnalyses): Promise<boolean> {
  const view = await analyses.view(analyses.activeSubject());
  if (!view || !view.isCurrent()) return false;
  const edits = compatibleEdits(fixesOf(view, view.analysis.findings));
  const edit = edits.length > 0 ? view.workspaceEdit(edits) : undefined;
  return edit ? vscode.workspace.applyEdit(edit) : false;
}
