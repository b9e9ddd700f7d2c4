// "Apply to Cluster" on files and folders (explorer, editor, palette) and the lens commands on one
// document: apply, diff against the live object, delete. Applies of one file run in order.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import type { Ctx } from '../context';
import { applyObject, applyOrder, applyRank, dryRunApply, type ApplyResult } from '../apply/apply';
import { parseManifests, type Manifest } from '../apply/manifests';
import { clearFileDiagnostics, diagnosticFor, setManifestDiagnostic } from '../apply/diagnostics';
import { forEditing, readLive, refOf, remove } from '../kube/objects';
import { MANIFEST, YAML, uriFor } from '../documents/uris';
import { manifests as manifestDocs } from '../documents/providers';
import { sequentialize } from '../util/fanIn';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export interface ApplySummary { applied: ApplyResult[]; errors: { file: string; line: number; message: string }[] }

async function textOf(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}

async function filesUnder(uri: vscode.Uri, out: vscode.Uri[], depth = 0): Promise<vscode.Uri[]> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) {
    if (depth > 8) return out;
    for (const [name] of (await vscode.workspace.fs.readDirectory(uri)).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      await filesUnder(vscode.Uri.joinPath(uri, name), out, depth + 1);
    }
  } else if (MANIFEST_FILE.test(uri.path)) out.push(uri);
  return out;
}

/** Which documents of a file: all, one (a lens), or those others depend on ('first': Namespaces,
 * CRDs) and then the rest ('rest'), so a folder applies its namespaces before what goes in them. */
type Pick = number | 'first' | 'rest' | undefined;
const picked = (m: Manifest, only: Pick) =>
  only === undefined || (typeof only === 'number' ? m.index === only : (applyRank(m.object ?? {}) < 2) === (only === 'first'));

const applyFile = sequentialize((_ctx: Ctx, uri: vscode.Uri, _only?: Pick) => uri.toString(), async (ctx: Ctx, uri: vscode.Uri, only?: Pick): Promise<ApplySummary> => {
  const t = ctx.requireTarget();
  const text = await textOf(uri);
  const docs = parseManifests(text, uri.path.toLowerCase().endsWith('.json'));
  if (only === undefined || only === 'first') clearFileDiagnostics(uri);
  const summary: ApplySummary = { applied: [], errors: [] };
  const chosen = docs.filter((m) => picked(m, only)).sort((a, b) => applyOrder(a.object ?? {}, b.object ?? {}));
  for (const m of chosen) {
    try {
      if (m.error || !m.object) throw new Error(m.error ?? 'empty document');
      const r = await applyObject(t.kc, m.object);
      summary.applied.push(r);
      setManifestDiagnostic(uri, m.index, undefined);
      ctx.out.appendLine(`${r.ref} ${r.action} (${path.basename(uri.fsPath)})`);
    } catch (e) {
      const err = e as Error & { status?: any };
      const d = diagnosticFor(text, m, err);
      setManifestDiagnostic(uri, m.index, d);
      summary.errors.push({ file: uri.fsPath, line: d.range.start.line, message: err.message });
      ctx.out.appendLine(`error: ${path.basename(uri.fsPath)}:${d.range.start.line + 1}: ${err.message}`);
    }
  }
  return summary;
});

function report(s: ApplySummary): void {
  const ok = s.applied.map((r) => `${r.ref} ${r.action}`);
  if (s.errors.length) void vscode.window.showErrorMessage(`Apply: ${s.errors.length} failed (${s.errors[0].message})${ok.length ? `; ${ok.length} applied` : ''}`);
  else if (ok.length) void vscode.window.setStatusBarMessage(`$(check) ${ok.join(', ')}`, 5000);
}

export const applyFiles = (ctx: Ctx) => async (uri?: vscode.Uri, selected?: vscode.Uri[]): Promise<ApplySummary> => {
  const roots = selected?.length ? selected : uri ? [uri] : vscode.window.activeTextEditor ? [vscode.window.activeTextEditor.document.uri] : [];
  if (!roots.length) throw new Error('Nothing to apply: select a manifest file or folder');
  const files: vscode.Uri[] = [];
  for (const r of roots) await filesUnder(r, files);
  const total: ApplySummary = { applied: [], errors: [] };
  // several files: every file's Namespaces and CRDs, then the rest (a file's own order is kept)
  const passes: Pick[] = files.length > 1 ? ['first', 'rest'] : [undefined];
  for (const pass of passes) for (const f of files) {
    const s = await applyFile(ctx, f, pass);
    total.applied.push(...s.applied);
    total.errors.push(...s.errors);
  }
  report(total);
  return total;
};

export const applyDocument = (ctx: Ctx) => async (uri: vscode.Uri, index: number): Promise<ApplySummary> => {
  const s = await applyFile(ctx, uri, index);
  report(s);
  return s;
};

async function manifestAt(uri: vscode.Uri, index: number): Promise<Manifest> {
  const m = parseManifests(await textOf(uri), uri.path.toLowerCase().endsWith('.json')).find((x) => x.index === index);
  if (!m?.object) throw new Error(m?.error ?? `no document ${index} in ${uri.fsPath}`);
  return m;
}

let diffs = 0;

/**
 * The diff editor as `kubectl diff` shows it: the live object (its editable YAML) against what it
 * would be after applying the document (a server-side dry run), so only what the apply changes
 * differs, not the server's defaults and status. Not in the cluster: an empty left side. A dry
 * run the server refuses: the document as written on the right, and the server's reason shown.
 */
export const diffDocument = (ctx: Ctx) => async (uri: vscode.Uri, index: number) => {
  const t = ctx.requireTarget();
  const m = await manifestAt(uri, index);
  const ref = refOf(m.object);
  const file = path.basename(uri.fsPath);
  // a new address each time: a diff opened again shows the cluster as it is now, not a cached text
  const stamp = String(++diffs);
  const side = (which: string) => vscode.Uri.from({ scheme: MANIFEST, path: `/${file}/${index}/${which}/${ref.kind}-${ref.name}.yaml`, query: stamp });
  const live = await readLive(t.kc, ref);
  // no namespace in the manifest: client-node uses the context's default namespace, as kubectl does
  const left = live ? uriFor(YAML, ref, 'yaml') : side('cluster');
  if (!live) manifestDocs.put(left, '');
  const right = side('applied');
  let dryRunError: string | undefined;
  try {
    manifestDocs.put(right, stringify(forEditing(await dryRunApply(t.kc, m.object)), { lineWidth: 0 }));
  } catch (e) {
    dryRunError = (e as Error).message;
    manifestDocs.put(right, m.text.replace(/^---\s*\n/, ''));
    void vscode.window.showWarningMessage(`The server refused a dry run of ${ref.kind} ${ref.name}: ${dryRunError}. The diff shows the document as written.`);
  }
  const title = `${ref.kind}/${ref.name}: ${live ? 'cluster' : 'not in cluster'} ↔ after applying ${file}`;
  await vscode.commands.executeCommand('vscode.diff', left, right, title);
  return { left: left.toString(), right: right.toString(), live: !!live, dryRunError };
};

export const deleteDocument = (ctx: Ctx) => async (uri: vscode.Uri, index: number, confirmed?: boolean) => {
  const t = ctx.requireTarget();
  const m = await manifestAt(uri, index);
  const ref = refOf(m.object);
  if (confirmed !== true) {
    const ok = await vscode.window.showWarningMessage(`Delete ${ref.kind} ${ref.name} from ${t.label}?`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return false;
  }
  await remove(t.kc, ref);
  void vscode.window.setStatusBarMessage(`$(trash) ${ref.kind.toLowerCase()}/${ref.name} deleted`, 5000);
  return true;
};
