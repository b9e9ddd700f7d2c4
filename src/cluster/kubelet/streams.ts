// PodStreams over the kubelets' runtimes: finds the pod's node, its sandbox and the container
// instance (the current one, or the previous one for `logs --previous`), and hands the
// request to that node's runtime. Errors are the ones the kubelet's server gives kubectl.
import type { Duplex, Readable } from 'node:stream';
import type { Pod } from 'kubernetes-types/core/v1';
import { badRequest, notFound } from '../api/errors';
import type { ExecOptions, LogOptions, PodStreams, StreamSession } from '../api/podStreams';
import type { ApiClient } from '../client/types';
import type { Kubelet } from './kubelet';
import type { ContainerStatus } from './runtime';

export class KubeletStreams implements PodStreams {
  constructor(private client: ApiClient, private kubelet: (node: string) => Kubelet | undefined) {}

  private async locate(ns: string, name: string, container: string) {
    const pod = await this.client.get<Pod & { metadata: any }>('pods', ns, name);
    const node = pod.spec?.nodeName;
    const k = node ? this.kubelet(node) : undefined;
    if (!k) throw badRequest(`pod ${name} does not have a host assigned`);
    const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...((pod.spec as any)?.ephemeralContainers ?? [])];
    const cname = container || pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] || pod.spec!.containers[0].name;
    if (!all.some((c) => c.name === cname)) {
      throw badRequest(`container ${cname} is not valid for pod ${name}`);
    }
    const instances = (await k.runtime.listContainers(k.name, pod.metadata.uid)).filter((c) => c.name === cname);
    return { pod, k, cname, instances };
  }

  private waitingError(pod: Pod, cname: string): Error {
    const s = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((c) => c.name === cname);
    const reason = s?.state?.waiting?.reason ?? 'ContainerCreating';
    return badRequest(`container "${cname}" in pod "${pod.metadata!.name}" is waiting to start: ${reason}`);
  }

  async logs(ns: string, name: string, container: string, opts: LogOptions, signal: AbortSignal): Promise<Readable> {
    const { pod, k, cname, instances } = await this.locate(ns, name, container);
    let target: ContainerStatus | undefined;
    if (opts.previous) {
      target = instances[1];
      if (!target) throw badRequest(`previous terminated container "${cname}" in pod "${name}" not found`);
    } else {
      target = instances[0];
      if (!target || target.state === 'created') throw this.waitingError(pod, cname);
    }
    return k.runtime.logs(target.id, opts, signal);
  }

  private async running(ns: string, name: string, container: string) {
    const { pod, k, cname, instances } = await this.locate(ns, name, container);
    if (k.runtime.type === 'simulated') throw badRequest('simulated node: no containers');
    const c = instances[0];
    if (!c || c.state !== 'running') {
      if (!c || c.state === 'created') throw this.waitingError(pod, cname);
      throw badRequest(`container ${cname} is not running (pod ${name})`);
    }
    return { k, c };
  }

  async exec(ns: string, name: string, container: string, command: string[], opts: ExecOptions): Promise<StreamSession> {
    const { k, c } = await this.running(ns, name, container);
    if (!command.length) throw badRequest('you must specify at least one command for the container');
    return k.runtime.exec(c.id, command, opts);
  }

  async attach(ns: string, name: string, container: string, opts: ExecOptions): Promise<StreamSession> {
    const { k, c } = await this.running(ns, name, container);
    return k.runtime.attach(c.id, opts);
  }

  async portForward(ns: string, name: string, port: number): Promise<Duplex> {
    const pod = await this.client.get<Pod & { metadata: any }>('pods', ns, name).catch((e) => { throw e ?? notFound('pods', name); });
    const k = pod.spec?.nodeName ? this.kubelet(pod.spec.nodeName) : undefined;
    if (!k) throw badRequest(`pod ${name} does not have a host assigned`);
    if (pod.status?.phase !== 'Running') throw badRequest(`unable to do port forwarding: pod is not running. Current status=${pod.status?.phase ?? 'Pending'}`);
    const [sandbox] = (await k.runtime.listSandboxes(k.name, pod.metadata.uid)).filter((s) => s.ready);
    if (!sandbox) throw badRequest(`pod ${name} has no running sandbox`);
    const running = (await k.runtime.listContainers(k.name, pod.metadata.uid)).find((c) => c.state === 'running');
    return k.runtime.portForward(sandbox, running?.id, port);
  }
}
