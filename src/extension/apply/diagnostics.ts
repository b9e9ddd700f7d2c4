// Apply errors as diagnostics on the document's line (or the field's line when the server's
// Status names the field in details.causes), cleared when the document applies cleanly or changes.
import * as vscode from 'vscode';
import type { Manifest } from './manifests';
import { lineOfField } from './manifests';

export const applyDiagnostics = vscode.languages.createDiagnosticCollection('kube-playground');

export function diagnosticFor(text: string, m: Manifest, err: Error & { status?: any }): vscode.Diagnostic {
  const field: string | undefined = err.status?.details?.causes?.find((c: any) => c.field)?.field;
  const line = lineOfField(text, m, field);
  const range = new vscode.Range(line, 0, line, 1000);
  const d = new vscode.Diagnostic(range, err.message, vscode.DiagnosticSeverity.Error);
  d.source = 'kube-playground';
  if (err.status?.reason) d.code = err.status.reason;
  return d;
}

const byFile = new Map<string, Map<number, vscode.Diagnostic>>();

/** Sets (or clears, with no diagnostic) the error of one document of a file; the others stay. */
export function setManifestDiagnostic(uri: vscode.Uri, index: number, d?: vscode.Diagnostic): void {
  let m = byFile.get(uri.toString());
  if (!m) byFile.set(uri.toString(), (m = new Map()));
  if (d) m.set(index, d); else m.delete(index);
  applyDiagnostics.set(uri, [...m.values()]);
}

export function clearFileDiagnostics(uri: vscode.Uri): void {
  byFile.delete(uri.toString());
  applyDiagnostics.delete(uri);
}

/** An edit makes a file's apply errors stale (their lines may have moved): they go until the next apply. */
export function clearDiagnosticsOnEdit(): vscode.Disposable {
  return vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.contentChanges.length && byFile.has(e.document.uri.toString())) clearFileDiagnostics(e.document.uri);
  });
}
