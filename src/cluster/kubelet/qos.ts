// Pod QoS class, as the kubelet computes it (pkg/apis/core/v1/helper/qos): BestEffort when no
// container asks for cpu or memory, Guaranteed when every container has cpu and memory limits
// equal to its requests (requests default to limits), Burstable otherwise.
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { parseQuantity } from './quantity';

const RES = ['cpu', 'memory'] as const;

export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of RES) {
      const l = parseQuantity(lim[r] as string | undefined);
      const q = parseQuantity((req[r] ?? lim[r]) as string | undefined);
      if ((q !== undefined && q !== 0) || (l !== undefined && l !== 0)) any = true;
      if (l === undefined || q === undefined || l !== q) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
