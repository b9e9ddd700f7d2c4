// Where the views point: the embedded playground or any context of the user's kubeconfig
// (KUBECONFIG may list several files; client-node merges them as kubectl does).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export interface Target {
  /** 'playground' or 'context:<name>' */
  id: string;
  label: string;
  playground: boolean;
  kc: KubeConfig;
  /** What a terminal sets KUBECONFIG to for this target (a path list for user contexts). */
  kubeconfigEnv: string;
  contextName: string;
}

export function userKubeconfigEnv(): string {
  return process.env.KUBECONFIG || path.join(os.homedir(), '.kube', 'config');
}

/** Every context in the user's kubeconfig; none when there is no kubeconfig at all. */
export function userTargets(): Target[] {
  // Without any file client-node invents a localhost:8080 context: not a context the user has.
  if (!userKubeconfigEnv().split(path.delimiter).some((f) => f && fs.existsSync(f))) return [];
  const base = new KubeConfig();
  try { base.loadFromDefault(); } catch { return []; }
  return base.getContexts().map((c) => {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    kc.setCurrentContext(c.name);
    return { id: `context:${c.name}`, label: c.name, playground: false, kc, kubeconfigEnv: userKubeconfigEnv(), contextName: c.name };
  });
}

export function playgroundTarget(kubeconfigPath: string): Target {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return { id: 'playground', label: 'playground (embedded)', playground: true, kc, kubeconfigEnv: kubeconfigPath, contextName: kc.getCurrentContext() };
}
