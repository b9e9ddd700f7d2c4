// `service NAME [-n NAMESPACE]`: prints the URL(s) where a Service answers on this machine
// (as `minikube service NAME --url`), reading the Service through the API with the kubeconfig.
import * as fs from 'node:fs';
import { request } from 'node:https';
import { parse } from 'yaml';
import { layout } from '../cluster/dataDir';
import { serviceURLs } from '../cluster/proxy/serviceURL';
import { UsageError, type Command } from './command';

export const service: Command = {
  usage: 'service NAME [-n NAMESPACE]',
  summary: 'print the URL of a NodePort or LoadBalancer Service on 127.0.0.1',
  options: { namespace: { type: 'string', short: 'n' } },
  async run({ dataDir, values, positionals, out }) {
    const [name] = positionals;
    if (!name) throw new UsageError('service needs a Service name');
    const ns = typeof values.namespace === 'string' ? values.namespace : 'default';
    const file = layout(dataDir).kubeconfig;
    if (!fs.existsSync(file)) throw new UsageError(`no kubeconfig at ${file}: start the playground first (kube-playground start)`);
    const svc = await getJSON(file, `/api/v1/namespaces/${encodeURIComponent(ns)}/services/${encodeURIComponent(name)}`);
    const r = serviceURLs(svc);
    if (r.error) throw new UsageError(r.error);
    for (const u of r.urls) out(u);
    return 0;
  },
};

function getJSON(kubeconfig: string, path: string): Promise<any> {
  const kc = parse(fs.readFileSync(kubeconfig, 'utf8'));
  const ctx = kc.contexts?.find((c: any) => c.name === kc['current-context'])?.context ?? kc.contexts?.[0]?.context;
  const cluster = kc.clusters?.find((c: any) => c.name === ctx?.cluster)?.cluster ?? kc.clusters?.[0]?.cluster;
  const user = kc.users?.find((u: any) => u.name === ctx?.user)?.user ?? kc.users?.[0]?.user ?? {};
  const b64 = (s?: string) => (s ? Buffer.from(s, 'base64') : undefined);
  const url = new URL(path, cluster.server);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      ca: b64(cluster['certificate-authority-data']), cert: b64(user['client-certificate-data']), key: b64(user['client-key-data']),
      headers: { accept: 'application/json', ...(user.token ? { authorization: `Bearer ${user.token}` } : {}) }, timeout: 10_000,
    }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        try {
          const o = JSON.parse(body);
          if ((res.statusCode ?? 500) >= 400) reject(new UsageError(o.message ?? `HTTP ${res.statusCode}`)); else resolve(o);
        } catch (e) { reject(e); }
      });
    });
    req.on('error', (e) => reject(new UsageError(`cannot reach the playground at ${cluster.server}: ${e.message}`)));
    req.end();
  });
}
