// One address behind a Service (from its Endpoints object), ready or not.
import * as vscode from 'vscode';
import type { EndpointNode } from './node';

export function endpointItem(n: EndpointNode): vscode.TreeItem {
  const item = new vscode.TreeItem(`${n.address}${n.port ? ':' + n.port : ''}`, vscode.TreeItemCollapsibleState.None);
  item.id = `endpoint:${n.service.metadata.uid ?? n.service.metadata.name}/${n.address}`;
  item.description = `${n.ready ? 'ready' : 'not ready'}${n.pod ? ' · ' + n.pod : ''}`;
  item.iconPath = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor(n.ready ? 'testing.iconPassed' : 'charts.yellow'));
  item.contextValue = 'kpg.endpoint';
  return item;
}
