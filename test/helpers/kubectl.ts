// Runs the real kubectl 1.32 against a kubeconfig, with its own HOME and discovery cache so
// tests never share (or read the developer's) ~/.kube.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { kubectlPath } from './env';

export interface KubectlResult { code: number; stdout: string; stderr: string }
export interface KubectlOptions { input?: string; env?: Record<string, string>; timeoutMs?: number; cwd?: string }
export type Kubectl = (args: string[], opts?: KubectlOptions) => Promise<KubectlResult>;

export function makeKubectl(kubeconfig: string, home: string): Kubectl {
  const cacheDir = join(home, 'kubecache');
  return (args, o = {}) => new Promise<KubectlResult>((resolve) => {
    const child = execFile(kubectlPath(), args, {
      env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig, KUBECACHEDIR: cacheDir, ...(o.env ?? {}) },
      timeout: o.timeoutMs ?? 30_000, cwd: o.cwd ?? home, maxBuffer: 16 * 1024 * 1024,
    }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (o.input !== undefined) child.stdin?.end(o.input); else child.stdin?.end();
  });
}
