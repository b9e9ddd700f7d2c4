// HorizontalPodAutoscalerController (autoscaling/v2): every sync period reads the target's
// scale subresource and, for Resource metrics (cpu/memory, Utilization or AverageValue),
// PodMetrics from metrics.k8s.io/v1beta1 through the client; desired = ceil(current × usage /
// target) outside a 10 % tolerance, clamped to min/max, written to the scale subresource.
// Conditions and events use Kubernetes' reasons and messages, including the failure when no
// metrics exist yet (FailedGetResourceMetric). spec.behavior (stabilization windows, rate
// policies, with Kubernetes' defaults) is applied by hpaBehavior.ts. Not implemented:
// Pods/Object/External metrics.
import type { KubeObject } from '../api/types';
import { Controller, type ControllerConfig } from '../client/controller';
import { EventRecorder } from '../client/events';
import type { SharedInformer } from '../client/informer';
import { matchesRequirement } from '../client/labels';
import { parseQuantity } from '../scheduler/resources';
import { HpaBehavior } from './hpaBehavior';
import { isPodReady, now, setCondition } from './util';

const TARGETS: Record<string, string> = { Deployment: 'deployments.apps', ReplicaSet: 'replicasets.apps', StatefulSet: 'statefulsets.apps', ReplicationController: 'replicationcontrollers' };
const TOLERANCE = 0.1;

export interface HpaConfig extends ControllerConfig {
  syncPeriodMs?: number;
  /** Time for the behavior's windows and periods (tests move it). */
  clock?: () => number;
}

export class HorizontalPodAutoscalerController extends Controller {
  readonly hpas: SharedInformer;
  readonly pods: SharedInformer;
  private readonly period: number;
  private readonly recorder: EventRecorder;
  private readonly behavior: HpaBehavior;

  constructor(config: HpaConfig) {
    super('horizontal-pod-autoscaler', config);
    this.period = config.syncPeriodMs ?? 15_000;
    this.recorder = new EventRecorder(this.client, 'horizontal-pod-autoscaler', this.log);
    this.behavior = new HpaBehavior(config.clock);
    this.hpas = this.informer('horizontalpodautoscalers.autoscaling');
    this.pods = this.informer('pods');
    this.hpas.addEventHandler({ onAdd: (h) => this.enqueue(h), onUpdate: (o, h) => { if (JSON.stringify(o.spec) !== JSON.stringify(h.spec)) this.enqueue(h); } });
  }

  async start(signal: AbortSignal): Promise<void> {
    await super.start(signal);
    const t = setInterval(() => { for (const k of this.hpas.keys()) this.enqueue(k); }, this.period);
    signal.addEventListener('abort', () => clearInterval(t), { once: true });
  }

  async reconcile(key: string): Promise<void> {
    const hpa = this.hpas.get(key);
    if (!hpa) { this.behavior.forget(key); return; }
    const ns = hpa.metadata.namespace!;
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const resource = TARGETS[ref.kind];
    let conds: any[] = hpa.status?.conditions ?? [];
    const t = now();
    const cond = (type: string, status: string, reason: string, message: string) => { conds = setCondition(conds, { type, status, reason, message, lastTransitionTime: t }); };
    const write = async (extra: any) => {
      const next = structuredClone(hpa);
      next.status = { ...(hpa.status ?? {}), ...extra, conditions: conds };
      if (JSON.stringify(next.status) !== JSON.stringify(hpa.status ?? {})) await this.client.update('horizontalpodautoscalers.autoscaling', ns, next, { subresource: 'status' });
    };
    let scale: KubeObject;
    try {
      if (!resource) throw new Error(`no scale subresource for kind ${ref.kind}`);
      scale = await this.client.get(resource, ns, ref.name, 'scale');
    } catch (err) {
      const msg = `the HPA controller was unable to get the target's current scale: ${(err as Error).message}`;
      cond('AbleToScale', 'False', 'FailedGetScale', msg);
      this.recorder.event(hpa, 'Warning', 'FailedGetScale', (err as Error).message);
      return write({});
    }
    const current: number = scale.spec?.replicas ?? 0;
    const min: number = hpa.spec?.minReplicas ?? 1;
    const max: number = hpa.spec?.maxReplicas ?? current;
    if (current === 0 && min !== 0) {
      cond('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
      return write({ currentReplicas: 0, desiredReplicas: 0 });
    }
    const metrics: any[] = hpa.spec?.metrics?.length ? hpa.spec.metrics : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    let desired = 0;
    const currentMetrics: any[] = [];
    let why = '';
    for (const m of metrics) {
      if (m.type !== 'Resource') continue;
      const name: string = m.resource?.name ?? 'cpu';
      const r = await this.resourceReplicas(ns, scale.status?.selector ?? '', name, m.resource?.target ?? {}, current);
      if ('error' in r) {
        const err = `failed to get ${name} utilization: ${r.error}`;
        cond('AbleToScale', 'True', 'SucceededGetScale', 'the HPA controller was able to get the target\'s current scale');
        cond('ScalingActive', 'False', 'FailedGetResourceMetric', `the HPA was unable to compute the replica count: ${err}`);
        this.recorder.event(hpa, 'Warning', 'FailedGetResourceMetric', err);
        this.recorder.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of ${metrics.length}), first error is: failed to get ${name} resource metric value: ${err}`);
        return write({ currentReplicas: scale.status?.replicas ?? current, desiredReplicas: hpa.status?.desiredReplicas ?? 0, });
      }
      currentMetrics.push({ type: 'Resource', resource: { name, current: r.current } });
      if (r.replicas > desired) { desired = r.replicas; why = `${name} resource ${m.resource?.target?.type === 'Utilization' ? 'utilization (percentage of request)' : ''}`.trim(); }
    }
    cond('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${why}`);
    let clamped = desired;
    let ready = true;
    if (current > max || current < min) {
      // Out of bounds already (min or max just changed): straight to the bound, as Kubernetes.
      clamped = current > max ? max : min;
      cond('ScalingLimited', 'True', current > max ? 'TooManyReplicas' : 'TooFewReplicas', current > max ? 'the desired replica count is more than the maximum replica count' : 'the desired replica count is less than the minimum replica count');
    } else {
      const n = this.behavior.normalize(key, hpa.spec?.behavior, current, desired, min, max);
      clamped = n.replicas;
      ready = n.ableToScale.reason === 'ReadyForNewScale';
      if (!ready) cond('AbleToScale', 'True', n.ableToScale.reason, n.ableToScale.message);
      cond('ScalingLimited', n.limited.status, n.limited.reason, n.limited.message);
    }
    const extra: any = { currentReplicas: scale.status?.replicas ?? current, desiredReplicas: clamped, currentMetrics };
    if (clamped !== current) {
      const next = structuredClone(scale);
      next.spec = { ...(next.spec ?? {}), replicas: clamped };
      await this.client.update(resource, ns, next, { subresource: 'scale' });
      this.behavior.recordScale(key, current, clamped);
      cond('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${clamped}`);
      this.recorder.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${clamped}; reason: ${why} ${clamped > current ? 'above' : 'below'} target`);
      extra.lastScaleTime = t;
    } else if (ready) cond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    return write(extra);
  }

  private async resourceReplicas(ns: string, selector: string, name: string, target: any, current: number): Promise<{ replicas: number; current: any } | { error: string }> {
    const reqs = parseSelector(selector);
    const pods = this.pods.list(ns).filter((p) => reqs.every((r) => matchesRequirement(r, p.metadata.labels ?? {})) && !p.metadata.deletionTimestamp && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
    let items: KubeObject[] = [];
    try { items = (await this.client.list('pods.metrics.k8s.io', ns, { labelSelector: selector })).items; } catch { items = []; }
    if (!items.length) return { error: `unable to get metrics for resource ${name}: no metrics returned from resource metrics API` };
    const usage = new Map<string, number>();
    for (const pm of items) usage.set(pm.metadata.name!, (pm.containers ?? []).reduce((s: number, c: any) => s + parseQuantity(c.usage?.[name]), 0));
    let sumUsage = 0; let sumReq = 0; let counted = 0;
    for (const p of pods) {
      if (!usage.has(p.metadata.name!) || !isPodReady(p)) continue;
      const containers: any[] = p.spec?.containers ?? [];
      const bare = containers.find((c) => c.resources?.requests?.[name] === undefined);
      if (target.type === 'Utilization' && bare) return { error: `missing request for ${name} in container ${bare.name} of Pod ${p.metadata.name}` };
      const req = containers.reduce((s: number, c: any) => s + parseQuantity(c.resources?.requests?.[name]), 0);
      sumUsage += usage.get(p.metadata.name!)!; sumReq += req; counted++;
    }
    if (!counted) return { error: `unable to get metrics for resource ${name}: no metrics returned from resource metrics API` };
    if (target.type === 'Utilization') {
      const util = Math.round((sumUsage / sumReq) * 100);
      const ratio = util / (target.averageUtilization ?? 80);
      const avg = sumUsage / counted;
      const value = name === 'cpu' ? `${Math.round(avg * 1000)}m` : String(Math.round(avg));
      return { replicas: Math.abs(ratio - 1) <= TOLERANCE ? current : Math.ceil(ratio * counted), current: { averageUtilization: util, averageValue: value } };
    }
    const avg = sumUsage / counted;
    const ratio = avg / parseQuantity(target.averageValue);
    const value = name === 'cpu' ? `${Math.round(avg * 1000)}m` : String(Math.round(avg));
    return { replicas: Math.abs(ratio - 1) <= TOLERANCE ? current : Math.ceil(ratio * counted), current: { averageValue: value } };
  }
}

/** Equality and set-based requirements from a selector string (`a=b,c in (x,y),!d,e`). */
export function parseSelector(s: string): Array<{ key: string; operator: string; values?: string[] }> {
  const out: Array<{ key: string; operator: string; values?: string[] }> = [];
  for (const part of s.match(/[^,(]+(\([^)]*\))?/g) ?? []) {
    const p = part.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) out.push({ key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values: m[3].split(',').map((x) => x.trim()) });
    else if ((m = /^(\S+?)\s*!=\s*(\S*)$/.exec(p))) out.push({ key: m[1], operator: 'NotIn', values: [m[2]] });
    else if ((m = /^(\S+?)\s*==?\s*(\S*)$/.exec(p))) out.push({ key: m[1], operator: 'In', values: [m[2]] });
    else if (p.startsWith('!')) out.push({ key: p.slice(1), operator: 'DoesNotExist' });
    else if (p) out.push({ key: p, operator: 'Exists' });
  }
  return out;
}
