// The HorizontalPodAutoscaler's spec.behavior, as the Kubernetes HPA controller applies it to
// the replica count its metrics ask for:
// 1. stabilization: the count moves no further than the recommendations of the last window
//    allow (scale-down window 300 s, scale-up 0 s by default), so a short dip in load does not
//    remove pods at once;
// 2. rate policies: within each policy's period, a change of at most `value` pods or percent
//    (defaults: up by max(100 %, 4 pods), down by 100 %, per 15 s; selectPolicy Max, Min or
//    Disabled), counted from the scale events this controller made.
// Both keep state per HPA in memory, as the Kubernetes controller does (lost on restart).
// The conditions' reasons and messages are Kubernetes'.

export interface ScalingPolicy { type: 'Pods' | 'Percent'; value: number; periodSeconds: number }
export interface ScalingRules { stabilizationWindowSeconds?: number; selectPolicy?: 'Max' | 'Min' | 'Disabled'; policies?: ScalingPolicy[] }
export interface Behavior { scaleUp?: ScalingRules; scaleDown?: ScalingRules }

const DEFAULT_UP: Required<ScalingRules> = {
  stabilizationWindowSeconds: 0, selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }],
};
const DEFAULT_DOWN: Required<ScalingRules> = {
  stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

function rules(r: ScalingRules | undefined, d: Required<ScalingRules>): Required<ScalingRules> {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? d.stabilizationWindowSeconds,
    selectPolicy: r?.selectPolicy ?? d.selectPolicy,
    policies: r?.policies?.length ? r.policies : d.policies,
  };
}

interface Sample { replicas: number; at: number }

export interface Normalized {
  replicas: number;
  /** AbleToScale before the write: stabilized or ReadyForNewScale. */
  ableToScale: { reason: string; message: string };
  /** ScalingLimited: True when the rate or the bounds cut the stabilized count. */
  limited: { status: 'True' | 'False'; reason: string; message: string };
}

export class HpaBehavior {
  private readonly recommendations = new Map<string, Sample[]>();
  private readonly ups = new Map<string, Sample[]>();
  private readonly downs = new Map<string, Sample[]>();

  constructor(private readonly clock: () => number = Date.now) {}

  forget(key: string): void {
    this.recommendations.delete(key);
    this.ups.delete(key);
    this.downs.delete(key);
  }

  /** The replica count to set, from the metrics' `desired` and the target's `current`. */
  normalize(key: string, behavior: Behavior | undefined, current: number, desired: number, min: number, max: number): Normalized {
    const up = rules(behavior?.scaleUp, DEFAULT_UP);
    const down = rules(behavior?.scaleDown, DEFAULT_DOWN);
    const now = this.clock();
    // A new HPA (or a restarted controller) starts with the current count as its first sample.
    if (!this.recommendations.has(key) && down.stabilizationWindowSeconds > 0) this.recommendations.set(key, [{ replicas: current, at: now }]);
    const stabilized = this.stabilize(key, up, down, current, desired, now);
    const ableToScale = stabilized === desired
      ? { reason: 'ReadyForNewScale', message: 'recommended size matches current size' }
      : desired >= current
        ? { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
        : { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
    const [replicas, reason, message] = this.limitRate(key, up, down, current, stabilized, min, max, now);
    return { replicas, ableToScale, limited: { status: replicas === stabilized ? 'False' : 'True', reason, message } };
  }

  /** Records a rescale the controller made, for the rate policies. */
  recordScale(key: string, from: number, to: number): void {
    if (to === from) return;
    const m = to > from ? this.ups : this.downs;
    const list = m.get(key) ?? [];
    const now = this.clock();
    // Events older than the longest period no longer count toward any policy.
    const keep = list.filter((e) => now - e.at < 1800_000);
    keep.push({ replicas: Math.abs(to - from), at: now });
    m.set(key, keep);
  }

  private stabilize(key: string, up: Required<ScalingRules>, down: Required<ScalingRules>, current: number, desired: number, now: number): number {
    const upCutoff = now - up.stabilizationWindowSeconds * 1000;
    const downCutoff = now - down.stabilizationWindowSeconds * 1000;
    let upRec = desired;
    let downRec = desired;
    const samples = this.recommendations.get(key) ?? [];
    let old = -1;
    samples.forEach((s, i) => {
      if (s.at > upCutoff) upRec = Math.min(upRec, s.replicas);
      if (s.at > downCutoff) downRec = Math.max(downRec, s.replicas);
      if (s.at < upCutoff && s.at < downCutoff) old = i;
    });
    const sample = { replicas: desired, at: now };
    if (old >= 0) samples[old] = sample; else samples.push(sample);
    this.recommendations.set(key, samples);
    return Math.min(Math.max(current, upRec), downRec);
  }

  private limitRate(key: string, up: Required<ScalingRules>, down: Required<ScalingRules>, current: number, desired: number, min: number, max: number, now: number): [number, string, string] {
    const changed = (m: Map<string, Sample[]>, periodSeconds: number) =>
      (m.get(key) ?? []).filter((e) => now - e.at <= periodSeconds * 1000).reduce((n, e) => n + e.replicas, 0);
    const periodStart = (p: ScalingPolicy) => current - changed(this.ups, p.periodSeconds) + changed(this.downs, p.periodSeconds);
    if (desired > current) {
      let limit = current;
      if (up.selectPolicy !== 'Disabled') {
        const proposals = up.policies.map((p) => (p.type === 'Pods' ? periodStart(p) + p.value : Math.ceil(periodStart(p) * (1 + p.value / 100))));
        limit = Math.max(current, up.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals));
      }
      const [allowed, reason, message] = max > limit
        ? [limit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
        : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
      if (desired > allowed) return [allowed, reason, message];
    } else if (desired < current) {
      let limit = current;
      if (down.selectPolicy !== 'Disabled') {
        const proposals = down.policies.map((p) => (p.type === 'Pods' ? periodStart(p) - p.value : Math.floor(periodStart(p) * (1 - p.value / 100))));
        limit = Math.min(current, down.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals));
      }
      const [allowed, reason, message] = min < limit
        ? [limit, 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']
        : [min, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
      if (desired < allowed) return [allowed, reason, message];
    }
    return [desired, 'DesiredWithinRange', 'the desired count is within the acceptable range'];
  }
}
