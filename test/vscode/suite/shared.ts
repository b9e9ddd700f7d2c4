// Helpers for the in-VS-Code suite: polling with a bound, the extension's test API, tree walking.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PlaygroundTestApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/extension/tree/nodes/node';

export const info: Record<string, unknown> = {};
export const EXT_ID = 'kube-playground.kube-playground';

export async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try { const v = await fn(); if (v) return v; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export async function api(): Promise<PlaygroundTestApi> {
  const ext = vscode.extensions.getExtension<PlaygroundTestApi>(EXT_ID);
  if (!ext) throw new Error(`${EXT_ID} is not loaded`);
  return ext.activate();
}

export function label(api: PlaygroundTestApi, n: TreeNode): string {
  const l = api.ctx.tree.getTreeItem(n).label;
  return typeof l === 'string' ? l : l?.label ?? '';
}

/** Follows a path of labels from the root; undefined when a step is missing. */
export function walk(api: PlaygroundTestApi, ...labels: string[]): TreeNode | undefined {
  let nodes = api.ctx.tree.getChildren();
  let found: TreeNode | undefined;
  for (const l of labels) {
    found = nodes.find((n) => label(api, n) === l);
    if (!found) return undefined;
    nodes = api.ctx.tree.getChildren(found);
  }
  return found;
}

export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace is not open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export function description(api: PlaygroundTestApi, n: TreeNode | undefined): string {
  return n ? String(api.ctx.tree.getTreeItem(n).description ?? '') : '';
}

/** Node names under the tree's Nodes section. */
export function treeNodeNames(api: PlaygroundTestApi): string[] {
  const nodes = walk(api, 'Nodes');
  return nodes ? api.ctx.tree.getChildren(nodes).filter((n) => n.type === 'object').map((n) => label(api, n)) : [];
}

/** Points the views at target id and waits until its cache has listed every kind. */
export async function switchTo(api: PlaygroundTestApi, id: string, ms = 30_000): Promise<void> {
  assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.switchContext', id), id);
  assert.strictEqual(api.ctx.target?.id, id);
  assert.ok(await api.ctx.cache!.whenSynced(ms), `${id}: the cache listed every kind`);
}

/**
 * Runs fn with the views on the embedded playground (node operations, port-forwards to its
 * pods), then points them back where they were (the control-plane run's context).
 */
export async function onPlayground<T>(api: PlaygroundTestApi, fn: () => Promise<T>): Promise<T> {
  await until('the playground to be up', () => api.ctx.lifecycle.isUp, 120_000);
  const before = api.ctx.target?.id;
  if (before !== 'playground') await switchTo(api, 'playground');
  else assert.ok(await api.ctx.cache!.whenSynced(30_000), 'the playground cache listed every kind');
  try { return await fn(); } finally {
    if (before && before !== 'playground') await switchTo(api, before);
  }
}

/** Runs a shell command in a new integrated terminal (which gets the extension's environment
 * collection, as any terminal does) and returns what it printed. */
export async function inTerminal(command: string, ms = 50_000): Promise<string> {
  const out = path.join(os.tmpdir(), `kpg-term-${process.pid}-${Date.now()}.txt`);
  const term = vscode.window.createTerminal({ name: 'kpg-test', shellPath: '/bin/sh', shellArgs: ['-c', `{ ${command}; } > ${out}.tmp 2>&1; mv ${out}.tmp ${out}`] });
  try {
    return await until('the terminal to write its output', () => fs.existsSync(out) && fs.readFileSync(out, 'utf8'), ms);
  } finally {
    term.dispose();
    fs.rmSync(out, { force: true });
  }
}
