// The extension's state in one place: the playground lifecycle, the selected target (playground
// or a kubeconfig context), its object cache, and the views that follow the target. Switching
// target re-targets every view; a lifecycle change re-registers the command table.
import * as vscode from 'vscode';
import { PlaygroundLifecycle } from './cluster/lifecycle';
import { ObjectCache } from './kube/objectCache';
import { playgroundTarget, userTargets, type Target } from './kube/targets';
import { PlaygroundTreeProvider } from './tree/provider';
import type { RuntimeChoice } from '../cluster/types';

export class Ctx {
  readonly out = vscode.window.createOutputChannel('Kubernetes Playground');
  readonly lifecycle: PlaygroundLifecycle;
  readonly tree = new PlaygroundTreeProvider();
  target?: Target;
  cache?: ObjectCache;
  private readonly targetEmitter = new vscode.EventEmitter<Target | undefined>();
  readonly onDidChangeTarget = this.targetEmitter.event;
  /** The target id the user picked; 'playground' by default. */
  private wanted: string;

  constructor(readonly ext: vscode.ExtensionContext) {
    this.lifecycle = new PlaygroundLifecycle(() => {
      const cfg = vscode.workspace.getConfiguration('kubePlayground');
      return { dataDir: cfg.get<string>('dataDir') ?? '', nodes: cfg.get<number>('nodes') ?? 2, runtime: cfg.get<RuntimeChoice>('runtime') ?? 'auto', ingressPort: cfg.get<number>('ingressPort') ?? 8080 };
    }, (line) => this.out.appendLine(line));
    this.wanted = ext.workspaceState.get<string>('kubePlayground.target') ?? 'playground';
    ext.subscriptions.push(this.out, this.tree, this.targetEmitter, { dispose: () => this.cache?.stop() });
    ext.subscriptions.push(this.lifecycle.onDidChange(() => this.onLifecycle()));
  }

  private onLifecycle(): void {
    if (this.lifecycle.isUp && this.wanted === 'playground') void this.selectTarget('playground');
    else if (!this.lifecycle.isUp && this.target?.playground) this.setTarget(undefined);
    else if (!this.target) this.tree.setCache(undefined, this.emptyMessage());
  }

  private emptyMessage(): string {
    switch (this.lifecycle.state) {
      case 'starting': return 'Starting the playground cluster…';
      case 'unavailable': return 'The embedded cluster is not available in this build; pick a context';
      case 'failed': return `The playground failed to start: ${this.lifecycle.error}`;
      default: return 'No cluster: start the playground or pick a context';
    }
  }

  /** Every target one may switch to: the playground when up, then each kubeconfig context. */
  targets(): Target[] {
    const list: Target[] = [];
    const kubeconfig = this.lifecycle.kubeconfigPath;
    if (this.lifecycle.isUp && kubeconfig) {
      try { list.push(playgroundTarget(kubeconfig)); } catch (e) { this.out.appendLine(`playground kubeconfig: ${(e as Error).message}`); }
    }
    return list.concat(userTargets((m) => this.out.appendLine(m)));
  }

  async selectTarget(id: string): Promise<Target | undefined> {
    this.wanted = id;
    // The views move before the choice is persisted: a lifecycle listener calls this without
    // awaiting, and whoever sees the playground 'running' must already find it targeted.
    const t = this.targets().find((x) => x.id === id);
    this.setTarget(t);
    await this.ext.workspaceState.update('kubePlayground.target', id);
    return t;
  }

  private setTarget(t: Target | undefined): void {
    this.cache?.stop();
    this.cache = undefined;
    this.target = t;
    if (t) {
      this.cache = new ObjectCache(t.kc);
      this.cache.start();
      this.out.appendLine(`views now show ${t.label} (${t.kc.getCurrentCluster()?.server ?? '?'})`);
    }
    this.tree.setCache(this.cache, this.emptyMessage());
    void vscode.commands.executeCommand('setContext', 'kubePlayground.hasTarget', !!t);
    this.targetEmitter.fire(t);
  }

  /** The target or a thrown error a command shows. */
  requireTarget(): Target {
    if (!this.target) throw new Error('No cluster selected: start the playground or switch context');
    return this.target;
  }
}
