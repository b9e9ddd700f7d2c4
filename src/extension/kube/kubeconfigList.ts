// A KUBECONFIG list (several files, path.delimiter separated) merged by kubectl's rules
// (client-go's loading rules): files in order; the first file to define a cluster, user or
// context name wins and later definitions of it are ignored; the first current-context set wins;
// a missing file is skipped. client-node's loadFromDefault instead throws on the first duplicate
// name or missing file, which would hide every context the user has. A file that does not parse
// is skipped with a warning (kubectl refuses the whole list) so one broken file costs only its own
// contexts.
import * as fs from 'node:fs';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';

export function loadKubeconfigList(files: string[], warn: (message: string) => void = () => undefined): KubeConfig | undefined {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  let loaded = 0;
  for (const file of files) {
    if (!file || !fs.existsSync(file)) continue;
    const kc = new KubeConfig();
    try { kc.loadFromFile(file); } catch (e) { warn(`kubeconfig ${file}: ${(e as Error).message}`); continue; }
    loaded++;
    for (const c of kc.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    currentContext ||= kc.getCurrentContext() ?? '';
  }
  if (!loaded) return undefined;
  const merged = new KubeConfig();
  merged.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext });
  return merged;
}

/** A copy of kc pointed at one of its contexts (each target keeps its own current context). */
export function withContext(kc: KubeConfig, context: string): KubeConfig {
  const copy = new KubeConfig();
  copy.loadFromOptions({ clusters: kc.getClusters(), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: context });
  return copy;
}
