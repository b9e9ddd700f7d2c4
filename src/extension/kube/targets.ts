// Where the views point: the embedded playground or any context of the user's kubeconfig
// (KUBECONFIG may list several files; kubeconfigList.ts merges them as kubectl does).
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { loadKubeconfigList, withContext } from './kubeconfigList';

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

/** Every context in the user's kubeconfig files; none when there is no kubeconfig at all. */
export function userTargets(warn?: (message: string) => void): Target[] {
  const env = userKubeconfigEnv();
  const base = loadKubeconfigList(env.split(path.delimiter), warn);
  if (!base) return [];
  return base.getContexts().map((c) => ({
    id: `context:${c.name}`, label: c.name, playground: false, kc: withContext(base, c.name), kubeconfigEnv: env, contextName: c.name,
  }));
}

export function playgroundTarget(kubeconfigPath: string): Target {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return { id: 'playground', label: 'playground (embedded)', playground: true, kc, kubeconfigEnv: kubeconfigPath, contextName: kc.getCurrentContext() };
}
