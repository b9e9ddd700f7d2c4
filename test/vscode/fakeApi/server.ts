// A small in-memory Kubernetes API stand-in for the VS Code tests while the real playground API
// server is being built: discovery, list, watch, get, create, replace, merge patch, server-side
// apply (as create-or-merge), delete with owner cascade, pod logs, one validation rule (negative
// replicas → 422 Invalid with a field cause), and a toy Deployment controller that makes a
// ReplicaSet and Running pods. NOT Kubernetes semantics beyond what the extension's tests touch;
// once startCluster serves the API the tests use the real cluster instead.
import * as http from 'node:http';
import { parse as parseYaml } from 'yaml';

interface Res { group: string; version: string; plural: string; kind: string; namespaced: boolean }
const RESOURCES: Res[] = [
  ['', 'v1', 'pods', 'Pod', true], ['', 'v1', 'services', 'Service', true], ['', 'v1', 'endpoints', 'Endpoints', true],
  ['', 'v1', 'configmaps', 'ConfigMap', true], ['', 'v1', 'secrets', 'Secret', true], ['', 'v1', 'events', 'Event', true],
  ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true], ['', 'v1', 'namespaces', 'Namespace', false],
  ['', 'v1', 'nodes', 'Node', false], ['', 'v1', 'persistentvolumes', 'PersistentVolume', false],
  ['apps', 'v1', 'deployments', 'Deployment', true], ['apps', 'v1', 'replicasets', 'ReplicaSet', true],
  ['apps', 'v1', 'statefulsets', 'StatefulSet', true], ['apps', 'v1', 'daemonsets', 'DaemonSet', true],
  ['batch', 'v1', 'jobs', 'Job', true], ['batch', 'v1', 'cronjobs', 'CronJob', true],
  ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', true], ['storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false],
].map(([group, version, plural, kind, namespaced]) => ({ group, version, plural, kind, namespaced } as Res));

type Obj = any;
interface Watcher { plural: string; ns?: string; res: http.ServerResponse }

export class FakeApiServer {
  private readonly objects = new Map<string, Map<string, Obj>>();
  private rv = 1;
  private readonly watchers = new Set<Watcher>();
  private readonly server = http.createServer((req, res) => { void this.handle(req, res); });
  port = 0;
  requests = 0;

  constructor() {
    for (const r of RESOURCES) this.objects.set(r.plural, new Map());
    for (const ns of ['default', 'kube-system']) this.put('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, status: { phase: 'Active' } });
    this.put('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'fake-node-1', labels: { 'kubernetes.io/hostname': 'fake-node-1' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((r) => this.server.listen(port, '127.0.0.1', () => r()));
    this.port = (this.server.address() as { port: number }).port;
    return `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    for (const w of this.watchers) w.res.end();
    this.server.closeAllConnections?.();
    return new Promise((r) => this.server.close(() => r()));
  }

  kubeconfig(server: string): string {
    return `apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true\nusers:\n- name: fake\n  user:\n    token: fake-token\ncontexts:\n- name: fake\n  context:\n    cluster: fake\n    user: fake\n    namespace: default\ncurrent-context: fake\n`;
  }

  /** Creates or replaces an object directly (tests use it to make a change the views must show). */
  put(plural: string, o: Obj, type?: 'ADDED' | 'MODIFIED'): Obj {
    const r = RESOURCES.find((x) => x.plural === plural)!;
    const key = `${r.namespaced ? o.metadata.namespace ?? 'default' : ''}/${o.metadata.name}`;
    const store = this.objects.get(plural)!;
    const old = store.get(key);
    if (r.namespaced) o.metadata.namespace ??= 'default';
    o.apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
    o.kind = r.kind;
    o.metadata.uid ??= old?.metadata.uid ?? `uid-${plural}-${this.rv}-${Math.random().toString(16).slice(2, 8)}`;
    o.metadata.creationTimestamp ??= old?.metadata.creationTimestamp ?? new Date().toISOString();
    o.metadata.resourceVersion = String(++this.rv);
    store.set(key, o);
    this.emit(plural, type ?? (old ? 'MODIFIED' : 'ADDED'), o);
    if (plural === 'deployments' || plural === 'replicasets') this.reconcile(plural, o);
    return o;
  }

  find(plural: string, key: string): Obj | undefined { return this.objects.get(plural)?.get(key); }

  remove(plural: string, key: string): Obj | undefined {
    const o = this.objects.get(plural)!.get(key);
    if (!o) return undefined;
    this.objects.get(plural)!.delete(key);
    o.metadata.resourceVersion = String(++this.rv);
    this.emit(plural, 'DELETED', o);
    for (const [p, store] of this.objects) for (const [k, x] of [...store]) {
      if (x.metadata.ownerReferences?.some((ref: any) => ref.uid === o.metadata.uid)) this.remove(p, k);
    }
    return o;
  }

  private emit(plural: string, type: string, o: Obj): void {
    const line = JSON.stringify({ type, object: o }) + '\n';
    for (const w of this.watchers) if (w.plural === plural && (!w.ns || w.ns === o.metadata.namespace)) w.res.write(line);
  }

  /** Toy controllers: Deployment → one ReplicaSet; ReplicaSet → N Running pods. */
  private reconcile(plural: string, o: Obj): void {
    const ns = o.metadata.namespace;
    const owner = [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true }];
    const replicas = o.spec?.replicas ?? 1;
    if (plural === 'deployments') {
      const name = `${o.metadata.name}-7d4b9c8f5`;
      const existing = this.objects.get('replicasets')!.get(`${ns}/${name}`);
      if (existing?.spec?.replicas === replicas && o.status?.readyReplicas === replicas) return;
      this.put('replicasets', { metadata: { name, namespace: ns, ownerReferences: owner, labels: o.spec?.template?.metadata?.labels }, spec: { replicas, selector: o.spec?.selector, template: o.spec?.template }, status: { replicas, readyReplicas: replicas } });
      if (o.status?.readyReplicas !== replicas) this.put('deployments', { ...o, metadata: { ...o.metadata }, status: { replicas, readyReplicas: replicas, updatedReplicas: replicas, availableReplicas: replicas } });
      return;
    }
    const pods = [...this.objects.get('pods')!.entries()].filter(([, p]) => p.metadata.ownerReferences?.some((r: any) => r.uid === o.metadata.uid));
    for (let i = pods.length; i < replicas; i++) {
      const containers = o.spec?.template?.spec?.containers ?? [];
      this.put('pods', {
        metadata: { name: `${o.metadata.name}-${Math.random().toString(36).slice(2, 7)}`, namespace: ns, ownerReferences: owner, labels: o.spec?.template?.metadata?.labels },
        spec: { ...o.spec?.template?.spec, nodeName: 'fake-node-1' },
        status: { phase: 'Running', podIP: `10.244.0.${10 + i}`, conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: containers.map((c: any) => ({ name: c.name, image: c.image, ready: true, restartCount: 0, state: { running: { startedAt: new Date().toISOString() } } })) },
      });
    }
    for (const [key] of pods.slice(replicas)) this.remove('pods', key);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.requests++;
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (code: number, body: unknown) => { res.writeHead(code, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
    const status = (code: number, reason: string, message: string, details?: unknown) => send(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const p = url.pathname.replace(/\/$/, '');
    if (p === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'] });
    if (p === '/apis') {
      const groups = [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))];
      return send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => ({ name: g, versions: [{ groupVersion: `${g}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${g}/v1`, version: 'v1' } })) });
    }
    const m = p.match(/^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?$/);
    if (!m) return status(404, 'NotFound', `the server could not find the requested resource (${p})`);
    const group = m[2] ?? '', version = m[1] ?? m[3];
    // /api/v1/namespaces/<name> is the Namespace object, not a namespaced collection
    const isNamespace = !group && m[4] !== undefined && m[5] === undefined;
    const ns = isNamespace ? undefined : m[4];
    const plural = isNamespace ? 'namespaces' : m[5];
    const name = isNamespace ? m[4] : m[6];
    const sub = m[7];
    if (!plural) {
      return send(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: RESOURCES.filter((r) => r.group === group).map((r) => ({ name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] })) });
    }
    const r = RESOURCES.find((x) => x.group === group && x.plural === plural);
    if (!r) return status(404, 'NotFound', 'the server could not find the requested resource');
    const store = this.objects.get(plural)!;
    const key = (n: string) => `${r.namespaced ? ns ?? 'default' : ''}/${n}`;
    const method = req.method ?? 'GET';
    if (!name) {
      if (method === 'GET') {
        const items = [...store.values()].filter((o) => !ns || o.metadata.namespace === ns);
        if (url.searchParams.get('watch') === '1' || url.searchParams.get('watch') === 'true') {
          res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
          const since = Number(url.searchParams.get('resourceVersion') || 0);
          if (!since) for (const o of items) res.write(JSON.stringify({ type: 'ADDED', object: o }) + '\n');
          const w: Watcher = { plural, ns, res };
          this.watchers.add(w);
          req.on('close', () => this.watchers.delete(w));
          return;
        }
        return send(200, { kind: `${r.kind}List`, apiVersion: r.group ? `${r.group}/${r.version}` : r.version, metadata: { resourceVersion: String(this.rv) }, items });
      }
      if (method === 'POST') {
        const o = JSON.parse(raw);
        if (ns) o.metadata.namespace ??= ns;
        if (store.has(key(o.metadata.name))) return status(409, 'AlreadyExists', `${plural} "${o.metadata.name}" already exists`);
        const bad = this.validate(r, o); if (bad) return status(422, 'Invalid', bad.message, bad.details);
        return send(201, this.put(plural, o));
      }
      return status(405, 'MethodNotAllowed', 'method not allowed');
    }
    if (sub === 'log' && plural === 'pods') {
      if (!store.has(key(name))) return status(404, 'NotFound', `pods "${name}" not found`);
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`hello from ${name}\nlistening on :80\n`);
      return;
    }
    const existing = store.get(key(name));
    if (method === 'GET') return existing ? send(200, existing) : status(404, 'NotFound', `${plural}${group ? '.' + group : ''} "${name}" not found`, { name, group, kind: plural });
    if (method === 'DELETE') {
      if (!existing) return status(404, 'NotFound', `${plural} "${name}" not found`);
      this.remove(plural, key(name));
      return send(200, { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name, kind: plural, uid: existing.metadata.uid } });
    }
    if (method === 'PUT') {
      const o = JSON.parse(raw);
      if (!existing) return status(404, 'NotFound', `${plural} "${name}" not found`);
      if (o.metadata.resourceVersion && o.metadata.resourceVersion !== existing.metadata.resourceVersion) {
        return status(409, 'Conflict', `Operation cannot be fulfilled on ${plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
      }
      const bad = this.validate(r, o); if (bad) return status(422, 'Invalid', bad.message, bad.details);
      o.metadata.uid = existing.metadata.uid;
      return send(200, this.put(plural, o));
    }
    if (method === 'PATCH') {
      const type = String(req.headers['content-type'] ?? '');
      const patch = type.includes('apply-patch') ? parseYaml(raw) : JSON.parse(raw);
      if (type.includes('json-patch+json')) return status(415, 'UnsupportedMediaType', 'json patch is not served by the fake');
      if (!existing && !type.includes('apply-patch')) return status(404, 'NotFound', `${plural} "${name}" not found`);
      const merged = merge(existing ? JSON.parse(JSON.stringify(existing)) : {}, patch);
      merged.metadata.name = name;
      if (r.namespaced) merged.metadata.namespace = ns ?? 'default';
      const bad = this.validate(r, merged); if (bad) return status(422, 'Invalid', bad.message, bad.details);
      return send(existing ? 200 : 201, this.put(plural, merged));
    }
    return status(405, 'MethodNotAllowed', 'method not allowed');
  }

  private validate(r: Res, o: Obj): { message: string; details: unknown } | undefined {
    if (r.kind === 'Deployment' && typeof o.spec?.replicas === 'number' && o.spec.replicas < 0) {
      return { message: `Deployment.apps "${o.metadata.name}" is invalid: spec.replicas: Invalid value: ${o.spec.replicas}: must be greater than or equal to 0`, details: { name: o.metadata.name, group: 'apps', kind: 'Deployment', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${o.spec.replicas}: must be greater than or equal to 0`, field: 'spec.replicas' }] } };
    }
    return undefined;
  }
}

function merge(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]; else out[k] = merge(out[k], v);
  }
  return out;
}
