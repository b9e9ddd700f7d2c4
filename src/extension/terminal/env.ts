// Every integrated terminal gets KUBECONFIG (and KUBE_PLAYGROUND_CONTEXT) of the selected cluster
// through the extension's environment variable collection, so `kubectl get pods` works at once.
import type { Ctx } from '../context';

export function kubeconfigEnv(ctx: Ctx): string | undefined {
  return ctx.target?.kubeconfigEnv ?? ctx.lifecycle.kubeconfigPath;
}

export function syncTerminalEnv(ctx: Ctx): void {
  const env = ctx.ext.environmentVariableCollection;
  env.description = 'KUBECONFIG of the cluster shown in Kubernetes Playground';
  const kubeconfig = kubeconfigEnv(ctx);
  if (kubeconfig) {
    env.replace('KUBECONFIG', kubeconfig);
    if (ctx.target) env.replace('KUBE_PLAYGROUND_CONTEXT', ctx.target.contextName); else env.delete('KUBE_PLAYGROUND_CONTEXT');
  } else {
    env.clear();
  }
}
