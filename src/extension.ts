// activate/deactivate: wires cluster and UI, nothing else (design.md). Activation is cheap: the
// cluster starts after activate returns (setting kubePlayground.autoStart), watches start when a
// cluster is selected, and the cluster core module is evaluated on first start.
import * as vscode from 'vscode';
import { Ctx } from './extension/context';
import { registerCommands } from './extension/commands/register';
import { createStatusBar } from './extension/statusBar';
import { registerDocuments } from './extension/documents/providers';
import { ManifestLensProvider } from './extension/apply/lens';
import { applyDiagnostics, clearDiagnosticsOnEdit } from './extension/apply/diagnostics';
import { syncTerminalEnv } from './extension/terminal/env';
import { portForwards } from './extension/terminal/portForward';
import { disposeLogViews } from './extension/terminal/logs';
import { embeddedAvailable } from './extension/cluster/embedded';

export interface PlaygroundTestApi {
  ctx: Ctx;
  lenses: ManifestLensProvider;
  activationMs: number;
  embeddedAvailable: () => boolean;
  portForwards: typeof portForwards;
}

let current: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): PlaygroundTestApi {
  const t0 = performance.now();
  const ctx = (current = new Ctx(context));
  const lenses = new ManifestLensProvider(ctx);
  const tree = vscode.window.createTreeView('kubePlayground.tree', { treeDataProvider: ctx.tree, showCollapseAll: true });
  context.subscriptions.push(
    tree,
    registerCommands(ctx),
    createStatusBar(ctx),
    ...registerDocuments(ctx),
    // files and unsaved editors only: not the live YAML, the diff's sides or a git revision
    vscode.languages.registerCodeLensProvider(['file', 'untitled'].flatMap((scheme) => [{ scheme, language: 'yaml' }, { scheme, language: 'json', pattern: '**/*.{yaml,yml,json}' }]), lenses),
    applyDiagnostics,
    clearDiagnosticsOnEdit(),
    ctx.lifecycle.onDidChange(() => syncTerminalEnv(ctx)),
    ctx.onDidChangeTarget((t) => { syncTerminalEnv(ctx); tree.description = t ? t.label : undefined; }),
    portForwards,
    { dispose: disposeLogViews },
  );
  syncTerminalEnv(ctx);
  const cfg = vscode.workspace.getConfiguration('kubePlayground');
  setTimeout(() => {
    const wanted = context.workspaceState.get<string>('kubePlayground.target');
    if (wanted && wanted !== 'playground') void ctx.selectTarget(wanted);
    if (cfg.get<boolean>('autoStart', true)) void ctx.lifecycle.start();
  }, 0);
  return { ctx, lenses, activationMs: performance.now() - t0, embeddedAvailable, portForwards };
}

export async function deactivate(): Promise<void> {
  await current?.lifecycle.stop();
}
