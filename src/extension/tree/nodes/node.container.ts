// A container of a pod: image and state; logs and shell act on it.
import * as vscode from 'vscode';
import type { ContainerNode } from './node';

export function containerItem(n: ContainerNode): vscode.TreeItem {
  const st = [...(n.pod.status?.containerStatuses ?? []), ...(n.pod.status?.initContainerStatuses ?? [])].find((c: any) => c.name === n.name);
  const spec = [...(n.pod.spec?.containers ?? []), ...(n.pod.spec?.initContainers ?? [])].find((c: any) => c.name === n.name);
  const state = st?.state?.running ? 'running' : st?.state?.waiting ? st.state.waiting.reason ?? 'waiting' : st?.state?.terminated ? st.state.terminated.reason ?? 'terminated' : 'pending';
  const item = new vscode.TreeItem(n.name, vscode.TreeItemCollapsibleState.None);
  item.id = `container:${n.pod.metadata.uid ?? n.pod.metadata.name}/${n.name}`;
  item.description = `${n.init ? 'init · ' : ''}${state} · ${spec?.image ?? ''}${st?.restartCount ? ` · ${st.restartCount} restarts` : ''}`;
  const bad = /BackOff|Err|Error/.test(state);
  item.iconPath = new vscode.ThemeIcon('package', new vscode.ThemeColor(state === 'running' ? 'testing.iconPassed' : bad ? 'testing.iconFailed' : 'charts.yellow'));
  item.contextValue = 'kpg.container';
  return item;
}
