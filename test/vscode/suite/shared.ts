// Helpers for the in-VS-Code suite: polling with a bound, the extension's test API, tree walking.
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
