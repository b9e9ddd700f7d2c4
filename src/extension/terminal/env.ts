// Every integrated terminal gets KUBECONFIG (and KUBE_PLAYGROUND_CONTEXT) of the selected cluster
// through the extension's environment variable collection, so `kubectl get pods` works at once.
// For a context of the user's kubeconfig, KUBECONFIG starts with a small file of ours that only
// sets current-context: kubectl (client-go) takes current-context from the first file of the list
// that sets one, so kubectl talks to the context the views show, and no file of the user's is
// rewritten (`kubectl config use-context` in such a terminal writes to ours).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Ctx } from '../context';

/** Writes (when missing or changed) the file that pins current-context, and returns its path. */
export function contextPin(dir: string, context: string): string {
  const file = path.join(dir, `context-${createHash('sha256').update(context).digest('hex').slice(0, 16)}.kubeconfig`);
  const text = `# Written by Kubernetes Playground: terminals' kubectl uses this context.\napiVersion: v1\nkind: Config\ncurrent-context: ${JSON.stringify(context)}\n`;
  let current: string | undefined;
  try { current = fs.readFileSync(file, 'utf8'); } catch { /* not written yet */ }
  if (current !== text) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, text);
  }
  return file;
}

export function kubeconfigEnv(ctx: Ctx): string | undefined {
  const t = ctx.target;
  if (!t) return ctx.lifecycle.kubeconfigPath;
  if (t.playground) return t.kubeconfigEnv;
  try {
    return contextPin(path.join(ctx.ext.globalStorageUri.fsPath, 'contexts'), t.contextName) + path.delimiter + t.kubeconfigEnv;
  } catch (e) {
    ctx.out.appendLine(`terminal KUBECONFIG: cannot pin context ${t.contextName}: ${(e as Error).message}`);
    return t.kubeconfigEnv;
  }
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
