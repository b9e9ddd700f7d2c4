// The playground's status bar item: state and node count; clicking opens the cluster menu.
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { debounce } from './util/fanIn';

const ICON: Record<string, string> = {
  stopped: '$(circle-slash)', starting: '$(loading~spin)', running: '$(vm-running)', attached: '$(vm-connect)',
  stopping: '$(loading~spin)', failed: '$(error)', unavailable: '$(circle-slash)',
};

export function createStatusBar(ctx: Ctx): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('kubePlayground.status', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Kubernetes Playground';
  item.command = 'kubePlayground.clusterMenu';
  let cacheSub: vscode.Disposable | undefined;
  const render = () => {
    const state = ctx.lifecycle.state;
    const nodes = ctx.target && ctx.cache ? ctx.cache.list('Node').length : ctx.lifecycle.cluster?.nodes().length ?? 0;
    const where = ctx.target && !ctx.target.playground ? ` · ${ctx.target.label}` : '';
    const count = ctx.target ? ` · ${nodes} node${nodes === 1 ? '' : 's'}` : '';
    item.text = `${ICON[state] ?? ''} Playground: ${state}${count}${where}`;
    item.tooltip = `Kubernetes Playground — ${state}${ctx.lifecycle.error ? `: ${ctx.lifecycle.error}` : ''}\nViews show: ${ctx.target?.label ?? 'nothing'}\nClick for start, stop, snapshot, nodes…`;
    item.backgroundColor = state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    item.show();
  };
  const later = debounce(render, 200);
  const subs = [
    ctx.lifecycle.onDidChange(render),
    ctx.onDidChangeTarget(() => { cacheSub?.dispose(); cacheSub = ctx.cache?.onDidChange(later); render(); }),
  ];
  render();
  return { dispose: () => { for (const s of subs) s.dispose(); cacheSub?.dispose(); later.cancel(); item.dispose(); } };
}

