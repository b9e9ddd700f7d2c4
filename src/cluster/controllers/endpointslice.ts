// EndpointSliceController: discovery.k8s.io/v1 EndpointSlices for every Service with a
// selector, labelled `kubernetes.io/service-name` and managed-by the endpointslice
// controller, owned by the Service. Endpoints carry conditions ready/serving/terminating,
// nodeName and a Pod targetRef; ports always have `name` ("" when unnamed: kubectl 1.32
// panics without it). Pods whose named targetPorts resolve differently go to different
// slices; at most 100 endpoints a slice.
// Not implemented: topology hints, zones, the mirroring controller for selector-less Services.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { type SharedInformer } from '../client/informer';
import { controllerRef, deepEqual, getControllerOf, randomSuffix } from './util';
import { podReady, portsKey, resolvePorts, selectedPods, selectsPods, serviceKeyForPod, type ResolvedPort } from './serviceEndpoints';

export const SERVICE_NAME = 'kubernetes.io/service-name';
export const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const CONTROLLER = 'endpointslice-controller.k8s.io';
const MAX_PER_SLICE = 100;

export class EndpointSliceController extends Controller {
  readonly services: SharedInformer;
  readonly pods: SharedInformer;
  readonly slices: SharedInformer;

  constructor(config: ControllerConfig) {
    super('endpointslice-controller', config);
    this.services = this.informer('services');
    this.pods = this.informer('pods');
    this.slices = this.informer('endpointslices.discovery.k8s.io');
    this.slices.addIndexer('service', (s) => (s.metadata.labels?.[SERVICE_NAME] ? [`${s.metadata.namespace}/${s.metadata.labels[SERVICE_NAME]}`] : []));
    this.services.addEventHandler({ onAdd: (s) => this.enqueue(s), onUpdate: (_o, s) => this.enqueue(s), onDelete: (s) => this.enqueue(s) });
    const podChanged = (...ps: KubeObject[]) => { for (const p of ps) for (const k of serviceKeyForPod(this.services, p)) this.enqueue(k); };
    this.pods.addEventHandler({ onAdd: (p) => podChanged(p), onUpdate: (o, p) => podChanged(o, p), onDelete: (p) => podChanged(p) });
    this.slices.addEventHandler({
      onDelete: (s) => { if (s.metadata.labels?.[MANAGED_BY] === CONTROLLER && s.metadata.labels?.[SERVICE_NAME]) this.enqueue(`${s.metadata.namespace}/${s.metadata.labels[SERVICE_NAME]}`); },
    });
  }

  async reconcile(key: string): Promise<void> {
    const svc = this.services.get(key);
    const existing = this.slices.byIndex('service', key).filter((s) => s.metadata.labels?.[MANAGED_BY] === CONTROLLER);
    if (!svc || !selectsPods(svc)) {
      // The Service is gone (GC deletes owned slices too) or no longer selects: remove ours.
      if (svc) for (const s of existing) await this.remove(s);
      return;
    }
    const groups = new Map<string, { ports: ResolvedPort[]; endpoints: any[] }>();
    for (const p of selectedPods(svc, this.pods).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
      const ports = resolvePorts(svc, p)!;
      const k = portsKey(ports);
      let g = groups.get(k);
      if (!g) { g = { ports, endpoints: [] }; groups.set(k, g); }
      const terminating = !!p.metadata.deletionTimestamp;
      const ready = podReady(p);
      const ep: any = {
        addresses: [p.status.podIP],
        conditions: { ready: ready && !terminating, serving: ready, terminating },
        targetRef: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid },
      };
      if (p.spec?.nodeName) ep.nodeName = p.spec.nodeName;
      if (p.spec?.hostname && p.spec?.subdomain === svc.metadata.name) ep.hostname = p.spec.hostname;
      g.endpoints.push(ep);
    }
    // Desired slices: (ports, chunk of endpoints). No pods: one empty placeholder slice.
    const desired: Array<{ ports: ResolvedPort[]; endpoints: any[] }> = [];
    for (const g of groups.values()) {
      for (let i = 0; i < g.endpoints.length; i += MAX_PER_SLICE) desired.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_PER_SLICE) });
    }
    if (!desired.length) desired.push({ ports: [], endpoints: [] });

    const unused = [...existing].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    for (const want of desired) {
      const k = portsKey(want.ports);
      const i = unused.findIndex((s) => portsKey(s.ports ?? []) === k);
      const body = this.slice(svc, want.ports, want.endpoints);
      if (i >= 0) {
        const cur = unused.splice(i, 1)[0];
        if (deepEqual(cur.endpoints ?? [], body.endpoints ?? []) && deepEqual(cur.ports ?? [], body.ports ?? []) && deepEqual(cur.metadata.labels, body.metadata.labels)) continue;
        const next = structuredClone(cur);
        next.endpoints = body.endpoints; next.ports = body.ports; next.metadata.labels = body.metadata.labels;
        await this.client.update('endpointslices.discovery.k8s.io', cur.metadata.namespace, next);
      } else {
        await this.client.create('endpointslices.discovery.k8s.io', svc.metadata.namespace, body);
      }
    }
    for (const s of unused) await this.remove(s);
  }

  private slice(svc: KubeObject, ports: ResolvedPort[], endpoints: any[]): KubeObject {
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME]: svc.metadata.name!, [MANAGED_BY]: CONTROLLER };
    if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const s: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: { name: `${svc.metadata.name}-${randomSuffix()}`, generateName: `${svc.metadata.name}-`, namespace: svc.metadata.namespace, labels, ownerReferences: [controllerRef(svc)] },
      addressType: 'IPv4',
      endpoints,
    };
    if (ports.length) s.ports = ports;
    return s;
  }

  private async remove(s: KubeObject): Promise<void> {
    if (getControllerOf(s)?.kind !== 'Service') return;
    try { await this.client.delete('endpointslices.discovery.k8s.io', s.metadata.namespace, s.metadata.name!); } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
  }
}
