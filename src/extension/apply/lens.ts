// Code lenses above each document of a YAML manifest: Apply, Diff, Delete, and the document's
// state against the cluster (not in cluster / in sync / differs), resolved lazily with one GET.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { readLive, refOf } from '../kube/objects';
import { inSync } from './inSync';
import { parseManifests } from './manifests';
import { debounce } from '../util/fanIn';

class StateLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly object: any) { super(range); }
}

export class ManifestLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  readonly refresh = debounce(() => this.emitter.fire(), 500);

  constructor(private readonly ctx: Ctx) {
    let sub: vscode.Disposable | undefined;
    ctx.ext.subscriptions.push(ctx.onDidChangeTarget(() => {
      sub?.dispose();
      sub = ctx.cache?.onDidChange(this.refresh);
      this.refresh();
    }), { dispose: () => sub?.dispose() }, this.emitter);
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const m of parseManifests(doc.getText(), doc.languageId === 'json')) {
      if (!m.object) continue;
      const range = new vscode.Range(m.line, 0, m.line, 0);
      const args = [doc.uri, m.index];
      const what = `${m.object.kind} ${m.object.metadata?.name ?? ''}`.trim();
      lenses.push(new vscode.CodeLens(range, { title: `$(cloud-upload) Apply ${what}`, command: 'kubePlayground.applyDocument', arguments: args }));
      lenses.push(new vscode.CodeLens(range, { title: 'Diff', command: 'kubePlayground.diffDocument', arguments: args }));
      lenses.push(new vscode.CodeLens(range, { title: 'Delete', command: 'kubePlayground.deleteDocument', arguments: args }));
      if (this.ctx.target) lenses.push(new StateLens(range, m.object));
    }
    return lenses;
  }

  async resolveCodeLens(lens: vscode.CodeLens): Promise<vscode.CodeLens> {
    if (!(lens instanceof StateLens)) return lens;
    let title: string;
    try {
      const t = this.ctx.requireTarget();
      const live = await readLive(t.kc, refOf(lens.object));
      title = !live ? '○ not in cluster' : inSync(lens.object, live) ? '✓ in sync' : '≠ differs';
    } catch (e) {
      title = `? ${(e as Error).message}`.slice(0, 80);
    }
    lens.command = { title, command: '', tooltip: 'State of this document in the selected cluster' };
    return lens;
  }
}
