// A key of a ConfigMap (value shown, shortened) or a Secret (value never shown in the tree).
import * as vscode from 'vscode';
import type { KeyNode } from './node';

export function keyItem(n: KeyNode): vscode.TreeItem {
  const item = new vscode.TreeItem(n.key, vscode.TreeItemCollapsibleState.None);
  item.id = `key:${n.owner.metadata.uid ?? n.owner.metadata.name}/${n.key}`;
  const secret = n.owner.kind === 'Secret';
  const value: string = n.owner.data?.[n.key] ?? '';
  item.description = secret ? `${Buffer.from(value, 'base64').length} bytes` : value.length > 60 ? value.slice(0, 57).replace(/\n/g, '⏎') + '…' : value.replace(/\n/g, '⏎');
  item.iconPath = new vscode.ThemeIcon(secret ? 'key' : 'symbol-key');
  item.contextValue = 'kpg.key';
  return item;
}
