// EndpointsController: core/v1 Endpoints named after each Service with a selector. Ready
// pods go to `addresses`, not-ready ones to `notReadyAddresses` (all to addresses with
// publishNotReadyAddresses); terminating pods are left out. Pods resolving ports alike share a
// subset. Not implemented: the over-capacity annotation (1000 addresses), repacking subsets.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { type SharedInformer } from '../client/informer';
import { deepEqual } from './util';
import { podReady, portsKey, resolvePorts, selectedPods, selectsPods, serviceKeyForPod } from './serviceEndpoints';

export class EndpointsController extends Controller {
  readonly services: SharedInformer;
  readonly pods: SharedInformer;
  readonly endpoints: SharedInformer;

  constructor(config: ControllerConfig) {
    super('endpoints-controller', config);
    this.services = this.informer('services');
    this.pods = this.informer('pods');
    this.endpoints = this.informer('endpoints');
    this.services.addEventHandler({ onAdd: (s) => this.enqueue(s), onUpdate: (_o, s) => this.enqueue(s), onDelete: (s) => this.enqueue(s) });
    const podChanged = (...ps: KubeObject[]) => { for (const p of ps) for (const k of serviceKeyForPod(this.services, p)) this.enqueue(k); };
    this.pods.addEventHandler({ onAdd: (p) => podChanged(p), onUpdate: (o, p) => podChanged(o, p), onDelete: (p) => podChanged(p) });
    this.endpoints.addEventHandler({ onDelete: (e) => this.enqueue(e) });
  }

  async reconcile(key: string): Promise<void> {
    const svc = this.services.get(key);
    const cur = this.endpoints.get(key);
    if (!svc) {
      if (cur && !cur.metadata.labels?.['endpointslice.kubernetes.io/skip-mirror'] && key !== 'default/kubernetes') {
        try { await this.client.delete('endpoints', cur.metadata.namespace, cur.metadata.name!); } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
      }
      return;
    }
    if (!selectsPods(svc)) return; // selector-less Services keep user-managed Endpoints
    const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
    const subsets = new Map<string, any>();
    for (const p of selectedPods(svc, this.pods).sort((a, b) => (a.status.podIP < b.status.podIP ? -1 : 1))) {
      if (p.metadata.deletionTimestamp && !publishNotReady) continue;
      const ports = resolvePorts(svc, p)!;
      const k = portsKey(ports);
      let s = subsets.get(k);
      if (!s) {
        s = { ports: ports.map((x) => { const o: any = { port: x.port, protocol: x.protocol }; if (x.name) o.name = x.name; if (x.appProtocol) o.appProtocol = x.appProtocol; return o; }) };
        subsets.set(k, s);
      }
      const addr: any = { ip: p.status.podIP, targetRef: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid } };
      if (p.spec?.nodeName) addr.nodeName = p.spec.nodeName;
      if (p.spec?.hostname && p.spec?.subdomain === svc.metadata.name) addr.hostname = p.spec.hostname;
      const list = podReady(p) || publishNotReady ? 'addresses' : 'notReadyAddresses';
      (s[list] ??= []).push(addr);
    }
    const want = [...subsets.values()].map((s) => { if (!s.ports.length) delete s.ports; return s; });
    const labels = { ...(svc.metadata.labels ?? {}) };
    if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    if (cur) {
      if (deepEqual(cur.subsets ?? [], want) && deepEqual(cur.metadata.labels ?? {}, labels)) return;
      const next = structuredClone(cur);
      next.metadata.labels = labels;
      if (want.length) next.subsets = want; else delete next.subsets;
      await this.client.update('endpoints', cur.metadata.namespace, next);
      return;
    }
    const ep: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels } };
    if (want.length) ep.subsets = want;
    try { await this.client.create('endpoints', svc.metadata.namespace, ep); } catch (err) { if (!isApiError(err, 'AlreadyExists')) throw err; }
  }
}
