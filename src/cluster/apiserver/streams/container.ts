// Which container a log/exec/attach request means, with the API server's own error wording.
// What is left to the kubelet: whether the container is running (PodStreams says so).
import { badRequest } from '../../api/errors';
import type { KubeObject } from '../../api/types';

interface NamedList { name: string }

export function resolveContainer(pod: KubeObject, requested: string | null): string {
  const spec = (pod.spec ?? {}) as { containers?: NamedList[]; initContainers?: NamedList[]; ephemeralContainers?: NamedList[] };
  const containers = (spec.containers ?? []).map((c) => c.name);
  const inits = (spec.initContainers ?? []).map((c) => c.name);
  const ephemeral = (spec.ephemeralContainers ?? []).map((c) => c.name);
  const podName = pod.metadata.name ?? '';
  if (requested) {
    if ([...containers, ...inits, ...ephemeral].includes(requested)) return requested;
    throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  }
  if (containers.length === 1) return containers[0];
  let msg = `a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]`;
  if (inits.length) msg += ` or one of the init containers: [${inits.join(' ')}]`;
  if (ephemeral.length) msg += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
  throw badRequest(msg);
}
