// The virtual documents: describe output (re-rendered when the cache changes), editable live YAML
// (a FileSystemProvider, so Save applies the edit as an update that fails on a stale
// resourceVersion, like `kubectl edit`), and local manifest text for the diff editor.
import * as vscode from 'vscode';
import { stringify, parse } from 'yaml';
import type { Ctx } from '../context';
import { forEditing, readLive, replace } from '../kube/objects';
import { describe } from './describe';
import { DESCRIBE, MANIFEST, YAML, refFromUri } from './uris';
import { debounce } from '../util/fanIn';

export class DescribeProvider implements vscode.TextDocumentContentProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  constructor(private readonly ctx: Ctx) {
    let sub: vscode.Disposable | undefined;
    const refreshOpen = debounce(() => {
      for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === DESCRIBE) this.emitter.fire(d.uri);
    }, 300);
    ctx.ext.subscriptions.push(ctx.onDidChangeTarget(() => { sub?.dispose(); sub = ctx.cache?.onDidChange(refreshOpen); }), { dispose: () => sub?.dispose() });
  }
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = refFromUri(uri);
    const t = this.ctx.requireTarget();
    const cached = this.ctx.cache?.get(ref.kind, ref.namespace, ref.name);
    const o = cached ?? (await readLive(t.kc, ref));
    if (!o) return `Error from server (NotFound): ${ref.kind.toLowerCase()} "${ref.name}" not found\n`;
    o.kind ??= ref.kind; o.apiVersion ??= ref.apiVersion;
    const events = (this.ctx.cache?.list('Event') ?? []).filter((e) => e.involvedObject?.uid === o.metadata.uid || (e.involvedObject?.kind === o.kind && e.involvedObject?.name === o.metadata.name && e.metadata.namespace === o.metadata.namespace));
    const endpoints = o.kind === 'Service' ? this.ctx.cache?.get('Endpoints', o.metadata.namespace, o.metadata.name) : undefined;
    return describe(o, events, { endpoints });
  }
}

export class LiveYamlFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  constructor(private readonly ctx: Ctx) {}
  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }
  stat(): vscode.FileStat { return { type: vscode.FileType.File, ctime: 0, mtime: Date.now(), size: 0 }; }
  readDirectory(): [string, vscode.FileType][] { return []; }
  createDirectory(): void { throw vscode.FileSystemError.NoPermissions('read-only'); }
  delete(): void { throw vscode.FileSystemError.NoPermissions('use the Delete command'); }
  rename(): void { throw vscode.FileSystemError.NoPermissions('read-only'); }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = refFromUri(uri);
    const o = await readLive(this.ctx.requireTarget().kc, ref);
    if (!o) throw vscode.FileSystemError.FileNotFound(uri);
    return Buffer.from(stringify(forEditing(o), { lineWidth: 0 }));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const edited = parse(Buffer.from(content).toString('utf8'));
    const ref = refFromUri(uri);
    if (edited?.metadata?.name !== ref.name || edited?.kind !== ref.kind) throw new Error('Name and kind of an object cannot change here; apply a manifest instead');
    await replace(this.ctx.requireTarget().kc, edited);
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }
}

/** Local manifest text registered under a kpg-manifest: URI, shown on the right of a diff. */
export class ManifestProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  put(uri: vscode.Uri, text: string): void { this.texts.set(uri.toString(), text); this.emitter.fire(uri); }
  forget(uri: vscode.Uri): void { this.texts.delete(uri.toString()); }
  provideTextDocumentContent(uri: vscode.Uri): string { return this.texts.get(uri.toString()) ?? ''; }
}

export const manifests = new ManifestProvider();

export function registerDocuments(ctx: Ctx): vscode.Disposable[] {
  const describe = new DescribeProvider(ctx);
  return [
    vscode.workspace.registerTextDocumentContentProvider(DESCRIBE, describe),
    vscode.workspace.registerFileSystemProvider(YAML, new LiveYamlFileSystem(ctx), { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(MANIFEST, manifests),
    vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.scheme === MANIFEST) manifests.forget(d.uri); }),
  ];
}
