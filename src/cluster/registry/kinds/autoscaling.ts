// autoscaling HorizontalPodAutoscaler, served as v2 (preferred, stored) and v1, with the
// conversions between them; the Scale kind (autoscaling/v1) is the body of /scale.
import type { KubeObject } from '../../api/types';
import { defineResource } from '../define';
import { column, num } from '../printers/common';
import type { PrinterColumn } from '../types';
import { invalid, required } from '../validation/field';

/** kubectl's TARGETS for v2 metrics, e.g. "cpu: 12%/80%". */
function targets(o: KubeObject): string {
  const specs: any[] = o.spec?.metrics ?? [];
  const current: any[] = o.status?.currentMetrics ?? [];
  if (!specs.length) return '<none>';
  const parts: string[] = [];
  specs.forEach((m, i) => {
    const cur = current[i];
    if (m.type === 'Resource' && m.resource) {
      const t = m.resource.target ?? {};
      const c = cur?.resource?.current;
      if (t.averageUtilization !== undefined) {
        const cv = c?.averageUtilization !== undefined ? `${c.averageUtilization}%` : '<unknown>';
        parts.push(`${m.resource.name}: ${cv}/${t.averageUtilization}%`);
      } else {
        const cv = c?.averageValue ?? '<unknown>';
        parts.push(`${m.resource.name}: ${cv}/${t.averageValue ?? t.value ?? '<unknown>'}`);
      }
    } else {
      const key = m.type === 'Pods' ? 'pods' : m.type === 'Object' ? 'object' : m.type === 'External' ? 'external' : 'containerResource';
      const t = m[key]?.target ?? {};
      const c = cur?.[key]?.current ?? {};
      const tv = t.averageValue ?? t.value ?? (t.averageUtilization !== undefined ? `${t.averageUtilization}%` : '<unknown>');
      const cv = c.averageValue ?? c.value ?? (c.averageUtilization !== undefined ? `${c.averageUtilization}%` : '<unknown>');
      parts.push(`${cv}/${tv}`);
    }
  });
  if (parts.length > 2) return `${parts.slice(0, 2).join(', ')} + ${parts.length - 2} more...`;
  return parts.join(', ');
}

const hpaColumns = (targetsCell: (o: KubeObject) => string): PrinterColumn[] => [
  column('Reference', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.', (o) => `${o.spec?.scaleTargetRef?.kind ?? ''}/${o.spec?.scaleTargetRef?.name ?? ''}`),
  column('Targets', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).', targetsCell),
  column('MinPods', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.', (o) => (o.spec?.minReplicas !== undefined ? String(o.spec.minReplicas) : '<unset>')),
  column('MaxPods', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.', (o) => num(o.spec?.maxReplicas)),
  column('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.', (o) => num(o.status?.currentReplicas)),
];

function scalingRules(r: any, window: number, policies: object[]): any {
  const out = r && typeof r === 'object' ? { ...r } : {};
  out.stabilizationWindowSeconds ??= window;
  out.selectPolicy ??= 'Max';
  if (!out.policies?.length) out.policies = policies.map((p) => ({ ...p }));
  return out;
}

function validateHpa(o: KubeObject) {
  const causes = [];
  const s = o.spec ?? {};
  if (!s.scaleTargetRef?.kind) causes.push(required('spec.scaleTargetRef.kind'));
  if (!s.scaleTargetRef?.name) causes.push(required('spec.scaleTargetRef.name'));
  if (typeof s.minReplicas === 'number' && s.minReplicas < 1) causes.push(invalid('spec.minReplicas', s.minReplicas, 'must be greater than or equal to 1'));
  if (typeof s.maxReplicas !== 'number' || s.maxReplicas < 1) causes.push(invalid('spec.maxReplicas', s.maxReplicas ?? 0, 'must be greater than or equal to 1'));
  else if (typeof s.minReplicas === 'number' && s.maxReplicas < s.minReplicas) causes.push(invalid('spec.maxReplicas', s.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  return causes;
}

export const hpaV2 = defineResource({
  group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true,
  shortNames: ['hpa'], categories: ['all'], subresources: { status: true },
  columns: hpaColumns(targets),
  defaults(obj) {
    obj.spec ??= {};
    obj.spec.minReplicas ??= 1;
    if (!(obj.spec.metrics ?? []).length) obj.spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    // A behavior that is given is completed with the default rules; an absent one stays absent.
    const b = obj.spec.behavior;
    if (b && typeof b === 'object') {
      b.scaleUp = scalingRules(b.scaleUp, 0, [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }]);
      b.scaleDown = scalingRules(b.scaleDown, 300, [{ type: 'Percent', value: 100, periodSeconds: 15 }]);
    }
  },
  validate: validateHpa,
});

export const hpaV1 = defineResource({
  group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true,
  shortNames: ['hpa'], categories: ['all'], subresources: { status: true }, preferred: false,
  toStorage: (o) => hpaV1ToV2(o),
  fromStorage: (o) => hpaV2ToV1(o),
  columns: hpaColumns((o) => {
    const t = o.spec?.targetCPUUtilizationPercentage;
    const c = o.status?.currentCPUUtilizationPercentage;
    return `cpu: ${c !== undefined ? `${c}%` : '<unknown>'}/${t !== undefined ? `${t}%` : '80%'}`;
  }),
  defaults(obj) {
    obj.spec ??= {};
    obj.spec.minReplicas ??= 1;
  },
  validate: validateHpa,
});

const CPU_V1_ANNOTATIONS = 'autoscaling.alpha.kubernetes.io/metrics';

/** autoscaling/v1 → v2 (storage). Only the CPU target survives, as in Kubernetes' conversion. */
export function hpaV1ToV2(o: KubeObject): KubeObject {
  const out = structuredClone(o);
  out.apiVersion = 'autoscaling/v2';
  const spec = out.spec ?? {};
  const cpu = spec.targetCPUUtilizationPercentage;
  delete spec.targetCPUUtilizationPercentage;
  if (cpu !== undefined) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }];
  if (out.status) {
    const cur = out.status.currentCPUUtilizationPercentage;
    delete out.status.currentCPUUtilizationPercentage;
    if (cur !== undefined) out.status.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cur } } }];
    out.status.desiredReplicas ??= 0;
  }
  if (out.metadata?.annotations) delete out.metadata.annotations[CPU_V1_ANNOTATIONS];
  return out;
}

/** autoscaling/v2 → v1 for reads through the v1 API. */
export function hpaV2ToV1(o: KubeObject): KubeObject {
  const out = structuredClone(o);
  out.apiVersion = 'autoscaling/v1';
  const spec = out.spec ?? {};
  const cpu = (spec.metrics ?? []).find((m: any) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization');
  delete spec.metrics;
  delete spec.behavior;
  if (cpu) spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  if (out.status) {
    const cur = (out.status.currentMetrics ?? []).find((m: any) => m.type === 'Resource' && m.resource?.name === 'cpu');
    delete out.status.currentMetrics;
    delete out.status.conditions;
    if (cur?.resource?.current?.averageUtilization !== undefined) out.status.currentCPUUtilizationPercentage = cur.resource.current.averageUtilization;
  }
  return out;
}
