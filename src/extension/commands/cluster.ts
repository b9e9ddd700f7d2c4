// Playground lifecycle commands (start/stop/restart/reset, snapshots, nodes), the status bar's
// menu, and the context switcher.
import * as vscode from 'vscode';
import type { Ctx } from '../context';

export const start = (ctx: Ctx) => async () => {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Starting playground cluster' }, () => ctx.lifecycle.start());
  if (ctx.lifecycle.state === 'unavailable' || ctx.lifecycle.state === 'failed') {
    void vscode.window.showWarningMessage(`Playground: ${ctx.lifecycle.error}`);
  }
  return ctx.lifecycle.state;
};
export const stop = (ctx: Ctx) => () => ctx.lifecycle.stop();
export const restart = (ctx: Ctx) => () => ctx.lifecycle.restart();

export const reset = (ctx: Ctx) => async (confirmed?: boolean) => {
  if (confirmed !== true) {
    const ok = await vscode.window.showWarningMessage('Reset the playground? Every object, volume and snapshot in its data dir is deleted.', { modal: true }, 'Reset');
    if (ok !== 'Reset') return;
  }
  await ctx.lifecycle.reset();
};

export const snapshot = (ctx: Ctx) => async (file?: string) => {
  const target = file ?? (await vscode.window.showSaveDialog({ filters: { 'Playground snapshot': ['snapshot', 'db'] }, title: 'Save playground snapshot' }))?.fsPath;
  if (!target) return;
  await ctx.lifecycle.saveSnapshot(target);
  void vscode.window.showInformationMessage(`Snapshot saved to ${target}`);
};

export const restore = (ctx: Ctx) => async (file?: string) => {
  const target = file ?? (await vscode.window.showOpenDialog({ canSelectMany: false, title: 'Restore playground snapshot' }))?.[0]?.fsPath;
  if (!target) return;
  await ctx.lifecycle.restore(target);
};

export const addNode = (ctx: Ctx) => async () => {
  const name = await ctx.lifecycle.addNode();
  void vscode.window.showInformationMessage(`Node ${name} added`);
  return name;
};

/** A node the quick pick offers: `state` is the one the node must be in for the operation. */
async function pickNode(ctx: Ctx, state: 'running' | 'stopped', title: string): Promise<string | undefined> {
  const nodes = (await ctx.lifecycle.nodes()).filter((n) => n.state === state);
  if (!nodes.length) { void vscode.window.showInformationMessage(`No ${state} node.`); return undefined; }
  return (await vscode.window.showQuickPick(nodes.map((n) => ({ label: n.name, description: n.role })), { title }))?.label;
}

export const stopNode = (ctx: Ctx) => async (name?: string) => {
  const pick = name ?? (await pickNode(ctx, 'running', 'Stop which node? (it stops heartbeating; its containers pause)'));
  if (!pick) return undefined;
  await ctx.lifecycle.stopNode(pick);
  return pick;
};

export const startNode = (ctx: Ctx) => async (name?: string) => {
  const pick = name ?? (await pickNode(ctx, 'stopped', 'Start which stopped node?'));
  if (!pick) return undefined;
  await ctx.lifecycle.startNode(pick);
  return pick;
};

/** The cluster map is not built yet: both commands say so (and return the message, for tests). */
export const MAP_NOT_YET = 'The cluster map is not part of this version of Kubernetes Playground yet; it arrives in a later one.';
export const openClusterMap = () => () => {
  void vscode.window.showInformationMessage(MAP_NOT_YET);
  return MAP_NOT_YET;
};
export const revealInMap = () => (arg?: { type?: string; obj?: { kind?: string; metadata?: { name?: string } } }) => {
  const o = arg?.type === 'object' ? arg.obj : undefined;
  const message = o ? `${o.kind} ${o.metadata?.name} cannot be revealed: ${MAP_NOT_YET}` : MAP_NOT_YET;
  void vscode.window.showInformationMessage(message);
  return message;
};

export const switchContext = (ctx: Ctx) => async (id?: string) => {
  if (!id) {
    const items = ctx.targets().map((t) => ({ label: t.label, description: t.id === ctx.target?.id ? 'current' : t.kc.getCurrentCluster()?.server, id: t.id }));
    if (!items.length) { void vscode.window.showWarningMessage('No contexts: start the playground or add a kubeconfig.'); return; }
    id = (await vscode.window.showQuickPick(items, { title: 'Show which cluster?' }))?.id;
  }
  if (!id) return;
  const t = await ctx.selectTarget(id);
  if (!t) throw new Error(`No such context: ${id}`);
  return t.id;
};

export const menu = (ctx: Ctx) => async () => {
  const up = ctx.lifecycle.isUp;
  const entries: { label: string; description?: string; command: string; show: boolean }[] = [
    { label: '$(play) Start', command: 'kubePlayground.start', show: !up },
    { label: '$(debug-stop) Stop', command: 'kubePlayground.stop', show: up },
    { label: '$(debug-restart) Restart', command: 'kubePlayground.restart', show: up },
    { label: '$(trash) Reset', command: 'kubePlayground.reset', show: true },
    { label: '$(save) Snapshot', command: 'kubePlayground.snapshot', show: up },
    { label: '$(history) Restore', command: 'kubePlayground.restore', show: true },
    { label: '$(add) Add Node', command: 'kubePlayground.addNode', show: up },
    { label: '$(debug-pause) Stop Node', command: 'kubePlayground.stopNode', show: up },
    { label: '$(debug-continue) Start Node', command: 'kubePlayground.startNode', show: up },
    { label: '$(type-hierarchy) Open Cluster Map', description: 'not in this version yet', command: 'kubePlayground.openClusterMap', show: true },
    { label: '$(arrow-swap) Switch Context', command: 'kubePlayground.switchContext', show: true },
    { label: '$(terminal) Open kubectl Terminal', command: 'kubePlayground.openTerminal', show: true },
  ];
  const pick = await vscode.window.showQuickPick(entries.filter((e) => e.show), { title: `Playground: ${ctx.lifecycle.state}` });
  if (pick) await vscode.commands.executeCommand(pick.command);
};
