// "Open kubectl Terminal" and a pod's shell (`kubectl exec -it` in an integrated terminal), both
// with the KUBECONFIG of the selected cluster (the shell also with its --context).
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { kubeconfigEnv } from '../terminal/env';
import { which } from '../terminal/which';
import { objectOf } from './resource';

function kubectl(): string { return vscode.workspace.getConfiguration('kubePlayground').get<string>('kubectlPath') || 'kubectl'; }

export const openTerminal = (ctx: Ctx) => () => {
  const kubeconfig = kubeconfigEnv(ctx);
  if (!kubeconfig) throw new Error('No cluster selected: start the playground or switch context');
  const env: Record<string, string> = { KUBECONFIG: kubeconfig };
  if (ctx.target) env.KUBE_PLAYGROUND_CONTEXT = ctx.target.contextName;
  // a user context is pinned by KUBECONFIG itself (terminal/env.ts), so kubectl needs no flag
  const term = vscode.window.createTerminal({ name: `kubectl (${ctx.target?.label ?? 'playground'})`, env });
  term.show();
  if (!which('kubectl')) void vscode.window.showWarningMessage('kubectl is not on the PATH: the terminal points at the cluster (KUBECONFIG), but kubectl itself must be installed.');
  return term;
};

export const shell = (ctx: Ctx) => async (arg?: unknown) => {
  const t = ctx.requireTarget();
  const { ref, obj, container } = objectOf(arg as never);
  if (ref.kind !== 'Pod') throw new Error('A shell opens in a pod or one of its containers');
  const c = container ?? obj?.spec?.containers?.[0]?.name;
  if (!which(kubectl())) throw new Error(`kubectl was not found ("${kubectl()}"): install it, or set kubePlayground.kubectlPath`);
  const args = ['exec', '-it', '--context', t.contextName, '-n', ref.namespace ?? 'default', ref.name, ...(c ? ['-c', c] : []), '--', 'sh', '-c', 'command -v bash >/dev/null && exec bash || exec sh'];
  const term = vscode.window.createTerminal({ name: `shell ${ref.name}${c ? '/' + c : ''}`, shellPath: kubectl(), shellArgs: args, env: { KUBECONFIG: t.kubeconfigEnv } });
  term.show();
  return term;
};
