// Checks shared by the pod-template workloads (Deployment, ReplicaSet, StatefulSet,
// DaemonSet, Job): selector present, non-empty and matching the template labels, template
// valid, replicas non-negative, selector immutable on update.
import type { KubeObject, StatusCause } from '../../api/types';
import { goValue, invalid, notSupported, required } from './field';
import { validatePodSpec } from './podSpec';

/** Does a LabelSelector select these labels? */
export function selectorMatches(sel: any, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries<string>(sel?.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals: string[] = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !vals.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && vals.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

const isEmptySelector = (sel: any) => !Object.keys(sel?.matchLabels ?? {}).length && !(sel?.matchExpressions ?? []).length;

/** Go's %#v of a *metav1.LabelSelector, as it appears in "field is immutable" messages. */
export function goLabelSelector(sel: any): string {
  const ml = sel?.matchLabels && Object.keys(sel.matchLabels).length ? goValue(sel.matchLabels) : 'map[string]string(nil)';
  const me = (sel?.matchExpressions ?? []).length
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions.map((e: any) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:[]string{${(e.values ?? []).map((v: string) => JSON.stringify(v)).join(', ')}}}`).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

export interface WorkloadRules {
  kind: string;
  /** Allowed template restartPolicy values (Always for controllers, OnFailure/Never for jobs). */
  restartPolicies: string[];
  selectorOptional?: boolean;
  /** Volume names the template's mounts may use besides its own volumes (StatefulSet claims). */
  claimVolumes?: string[];
}

export function validateWorkload(o: KubeObject, old: KubeObject | undefined, rules: WorkloadRules): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = o.spec ?? {};
  const sel = spec.selector;
  if (!sel && !rules.selectorOptional) causes.push(required('spec.selector'));
  else if (sel && isEmptySelector(sel)) causes.push({ reason: 'FieldValueInvalid', field: 'spec.selector', message: `Invalid value: ${goLabelSelector(sel).replace(/^v1\./, 'v1.')}: empty selector is invalid for ${rules.kind.toLowerCase()}` });
  if (typeof spec.replicas === 'number' && spec.replicas < 0) causes.push(invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  const template = spec.template;
  if (!template) {
    causes.push(required('spec.template'));
    return causes;
  }
  const labels: Record<string, string> = template.metadata?.labels ?? {};
  if (sel && !isEmptySelector(sel) && !selectorMatches(sel, labels)) {
    causes.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  causes.push(...validatePodSpec(template.spec, 'spec.template.spec', rules.claimVolumes));
  const rp = template.spec?.restartPolicy;
  if (rp !== undefined && !rules.restartPolicies.includes(rp)) causes.push(notSupported('spec.template.spec.restartPolicy', rp, rules.restartPolicies));
  if (old && old.spec?.selector && JSON.stringify(old.spec.selector) !== JSON.stringify(sel)) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.selector', message: `Invalid value: ${goLabelSelector(sel)}: field is immutable` });
  }
  return causes;
}
