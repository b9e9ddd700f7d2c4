// The level-triggered pod sync (kubelet's SyncPod / SyncTerminatingPod), one call per queue
// key (pod UID). Each call reads the truth from the API (informer) and from the runtime, does
// the next step — sandbox, the next init container, missing or restartable app containers,
// liveness kills — and writes the status through the pods/status subresource when it changed.
// A pod gone from the API or marked for deletion is torn down (preStop, SIGTERM, grace,
// SIGKILL), then its object is deleted with grace 0.
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { isApiError } from '../api/errors';
import { containerEnv, ContainerConfigError, expand } from './env';
import type { Kubelet, PodState } from './kubelet';
import { generatePodStatus } from './podStatus';
import { parseQuantity } from './quantity';
import { serviceEnv } from './serviceEnv';
import { runHandler } from './probes';
import { ImagePullError, type ContainerStatus, type PodRef, type SandboxStatus } from './runtime';
import { cleanupVolumes, ETC_HOSTS, mountsFor, ObjectCache, prepareVolumes, RESOLV_CONF, writeHostsFile, writeResolvConf, type PodVolume } from './volumes';

export async function syncPod(k: Kubelet, uid: string): Promise<void> {
  const key = k.uidKey.get(uid) ?? '';
  const cached = key ? k.pods.get(key) : undefined;
  const pod = cached && cached.metadata.uid === uid ? (cached as Pod) : undefined;
  if (k.terminating.has(uid)) return;
  if (!pod) {
    // Gone from the API (force-deleted, or deleted while we were down): stop it quickly, still running preStop.
    const last = k.deleted.get(uid) as Pod | undefined;
    terminate(k, uid, last, Math.min(last?.metadata?.deletionGracePeriodSeconds ?? last?.spec?.terminationGracePeriodSeconds ?? 2, 2), false);
    return;
  }
  if (pod.metadata!.deletionTimestamp) {
    terminate(k, uid, pod, pod.metadata!.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30, true);
    return;
  }
  const st = k.podState(uid);
  const ref: PodRef = { namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, uid, nodeName: k.name };
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    // Finished pods keep their exited containers (logs) but release the sandbox, as the kubelet does.
    for (const c of await k.runtime.listContainers(k.name, uid)) if (c.state === 'running') await k.runtime.stopContainer(c.id, 2);
    for (const s of await k.runtime.listSandboxes(k.name, uid)) if (s.ready) await k.runtime.stopContainer(s.id, 0);
    k.probes.forgetPod(uid);
    return;
  }

  let containers = await k.runtime.listContainers(k.name, uid);
  const sandboxes = await k.runtime.listSandboxes(k.name, uid);
  let sandbox = sandboxes.find((s) => s.ready);
  const cache = new ObjectCache();
  const docker = k.runtime.type === 'docker';
  const volumes = docker ? await prepareVolumes(k, pod, cache) : new Map<string, PodVolume>();
  const dns = podDNS(pod, k.clusterDNS, k.opts.clusterDomain ?? 'cluster.local');
  if (docker && dns) volumes.set(RESOLV_CONF, { path: await writeResolvConf(k, uid, dns), readOnly: false });
  if (!sandbox) {
    // A dead sandbox takes its network namespace with it: start over with a new one.
    for (const c of containers) await k.runtime.removeContainer(c.id).catch(() => undefined);
    for (const s of sandboxes) await k.runtime.removeSandbox(s.id).catch(() => undefined);
    const attempt = sandboxes.reduce((m, s) => Math.max(m, s.attempt + 1), 0);
    if (attempt > 0) k.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    sandbox = await k.runtime.runSandbox({
      ...ref, hostname: pod.spec?.hostname ?? ref.name, attempt, annotations: pod.metadata!.annotations ?? {},
      hostNetwork: !!pod.spec?.hostNetwork, dns,
    });
    containers = [];
    // Report the pod IP and ContainerCreating at once when pulls may take a while (Docker);
    // simulated starts are instant, so one write fewer per pod matters more there.
    if (docker) await writeStatus(k, pod, st, sandbox, containers);
  }

  if (pod.spec?.hostNetwork) sandbox = { ...sandbox, ip: k.opts.node.hostIP };
  else if (docker) volumes.set(ETC_HOSTS, { path: await writeHostsFile(k, pod, sandbox.ip, k.opts.clusterDomain ?? 'cluster.local'), readOnly: false });
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const latest = (name: string) => containers.find((c) => c.name === name);
  let initsDone = true;
  for (const ic of pod.spec?.initContainers ?? []) {
    const c = latest(ic.name);
    if (c?.state === 'exited' && c.exitCode === 0) continue;
    initsDone = false;
    if (c?.state === 'exited') {
      if (policy !== 'Never') await restartIfDue(k, pod, st, sandbox, ref, ic, c, true, volumes, cache);
    } else if (!c) {
      await startContainer(k, pod, st, sandbox, ref, ic, 0, true, volumes, cache);
    }
    break;
  }
  if (initsDone) {
    for (const spec of pod.spec?.containers ?? []) {
      const c = latest(spec.name);
      if (!c) { await startContainer(k, pod, st, sandbox, ref, spec, 0, false, volumes, cache); continue; }
      if (c.state === 'running' && k.probes.livenessFailed(c.id)) {
        k.event(pod, 'Normal', 'Killing', `Container ${spec.name} failed liveness probe, will be restarted`, spec.name);
        await killContainer(k, pod, sandbox, spec, c, pod.spec?.terminationGracePeriodSeconds ?? 30, false);
        k.probes.forgetContainer(c.id);
        continue;
      }
      if (c.state === 'exited') {
        const restart = policy === 'Always' || (policy === 'OnFailure' && c.exitCode !== 0);
        if (restart) await restartIfDue(k, pod, st, sandbox, ref, spec, c, false, volumes, cache);
      }
    }
  }
  containers = await k.runtime.listContainers(k.name, uid);
  k.probes.sync(pod, sandbox, containers.filter((c) => c.state === 'running'), (uid2) => k.queue.add(uid2));
  await writeStatus(k, pod, st, sandbox, containers);
}

async function restartIfDue(k: Kubelet, pod: Pod, st: PodState, sandbox: SandboxStatus, ref: PodRef, spec: Container, c: ContainerStatus, init: boolean, volumes: Map<string, PodVolume>, cache: ObjectCache): Promise<void> {
  const bkey = `${ref.uid}/${spec.name}`;
  const left = k.backoff.remaining(bkey);
  if (left > 0) {
    if (st.waiting.get(spec.name)?.reason !== 'CrashLoopBackOff') k.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${ref.name}_${ref.namespace}(${ref.uid})`, spec.name);
    st.waiting.set(spec.name, { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(k.backoff.delay(bkey) / 1000)}s restarting failed container=${spec.name} pod=${ref.name}_${ref.namespace}(${ref.uid})` });
    k.queue.addAfter(ref.uid, left + 10);
    return;
  }
  k.backoff.next(bkey);
  await startContainer(k, pod, st, sandbox, ref, spec, c.restartCount + 1, init, volumes, cache);
}

async function startContainer(k: Kubelet, pod: Pod, st: PodState, sandbox: SandboxStatus, ref: PodRef, spec: Container, restartCount: number, init: boolean, volumes: Map<string, PodVolume>, cache: ObjectCache): Promise<void> {
  const annotations = pod.metadata?.annotations ?? {};
  const image = spec.image ?? '';
  const pullKey = `${ref.uid}/${spec.name}/pull`;
  const pullLeft = k.backoff.remaining(pullKey);
  if (pullLeft > 0) {
    if (st.waiting.get(spec.name)?.reason !== 'ImagePullBackOff') {
      k.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, spec.name);
      k.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', spec.name);
    }
    st.waiting.set(spec.name, { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ${st.waiting.get(spec.name)?.message?.replace(/^Back-off pulling image "[^"]*": /, '') ?? ''}` });
    k.queue.addAfter(ref.uid, pullLeft + 10);
    return;
  }
  try {
    const t0 = Date.now();
    const { pulled } = await k.runtime.ensureImage(image, spec.imagePullPolicy ?? (image.endsWith(':latest') || !image.includes(':') ? 'Always' : 'IfNotPresent'), annotations);
    if (pulled) {
      const s = ((Date.now() - t0) / 1000).toFixed(3);
      k.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, spec.name);
      k.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${s}s (${s}s including waiting)`, spec.name);
    } else {
      k.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, spec.name);
    }
    k.backoff.reset(pullKey);
  } catch (e) {
    if (!(e instanceof ImagePullError)) throw e;
    k.event(pod, 'Warning', 'Failed', e.message, spec.name);
    k.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', spec.name);
    const delay = k.backoff.next(pullKey);
    st.waiting.set(spec.name, { reason: 'ErrImagePull', message: e.message });
    k.queue.addAfter(ref.uid, delay + 10);
    return;
  }
  let env: Array<[string, string]>;
  try {
    env = await containerEnv(pod, spec, cache.source(k), { podIP: sandbox.ip, hostIP: k.opts.node.hostIP, nodeCpuCores: k.opts.node.cpuCores, nodeMemoryBytes: k.opts.node.memoryBytes },
      serviceEnv(pod, k.services?.list() ?? []));
  } catch (e) {
    if (!(e instanceof ContainerConfigError)) throw e;
    if (st.waiting.get(spec.name)?.message !== e.message) k.event(pod, 'Warning', 'Failed', `Error: ${e.message}`, spec.name);
    st.waiting.set(spec.name, { reason: e.reason, message: e.message });
    k.queue.addAfter(ref.uid, 2000);
    return;
  }
  const vars = new Map(env);
  const limits = spec.resources?.limits ?? {};
  const cpu = parseQuantity(limits.cpu as string | undefined);
  const id = await k.runtime.createContainer(sandbox, ref, {
    name: spec.name, image, env, restartCount, init, annotations,
    command: spec.command?.map((s) => expand(s, vars)), args: spec.args?.map((s) => expand(s, vars)),
    workingDir: spec.workingDir, mounts: mountsFor(spec, volumes),
    nanoCpus: cpu ? Math.round(cpu * 1e9) : undefined, memoryBytes: parseQuantity(limits.memory as string | undefined),
    tty: !!spec.tty, stdin: !!spec.stdin, stdinOnce: !!spec.stdinOnce, podRestartPolicy: pod.spec?.restartPolicy ?? 'Always',
  });
  st.waiting.delete(spec.name);
  k.event(pod, 'Normal', 'Created', `Created container ${spec.name}`, spec.name);
  try {
    await k.runtime.startContainer(id);
    k.event(pod, 'Normal', 'Started', `Started container ${spec.name}`, spec.name);
  } catch (e) {
    k.event(pod, 'Warning', 'Failed', `Error: ${(e as Error).message}`, spec.name);
    // The engine keeps the container as exited (e.g. exit 127 "executable not found"): the next sync sees it.
    k.opts.log(`kubelet ${k.name}: start ${ref.namespace}/${ref.name}/${spec.name}: ${(e as Error).message}`);
  }
  if (spec.lifecycle?.postStart) await runHandler(k.runtime, id, sandbox, spec.lifecycle.postStart, 30).catch(() => undefined);
  // Kubernetes keeps the current and the previous instance (for `logs --previous`).
  const old = (await k.runtime.listContainers(k.name, ref.uid)).filter((c) => c.name === spec.name && c.id !== id).slice(1);
  for (const c of old) await k.runtime.removeContainer(c.id).catch(() => undefined);
}

async function killContainer(k: Kubelet, pod: Pod | undefined, sandbox: SandboxStatus | undefined, spec: Container | undefined, c: ContainerStatus, grace: number, announce = true): Promise<void> {
  const start = Date.now();
  if (announce && pod && c.state === 'running') k.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, c.name);
  if (spec?.lifecycle?.preStop && c.state === 'running') await runHandler(k.runtime, c.id, sandbox, spec.lifecycle.preStop, grace).catch(() => undefined);
  const left = Math.max(0, grace - Math.round((Date.now() - start) / 1000));
  await k.runtime.stopContainer(c.id, left);
}

/**
 * Tears a pod down off the sync workers: a grace period can last minutes, and a handful of
 * slow terminations must not hold up other pods (Kubernetes has one worker per pod).
 * While it runs, syncs of the pod are no-ops; the object is deleted (grace 0) at the end.
 */
function terminate(k: Kubelet, uid: string, pod: Pod | undefined, grace: number, deleteObject: boolean): void {
  k.terminating.add(uid);
  const p = (async () => {
    await teardown(k, uid, pod, grace);
    if (deleteObject && pod) {
      await k.client.delete('pods', pod.metadata!.namespace, pod.metadata!.name!, { gracePeriodSeconds: 0, preconditions: { uid } })
        .catch((e) => { if (!isApiError(e, 'NotFound') && !isApiError(e, 'Conflict')) throw e; });
    }
  })().catch((e) => {
    k.opts.log(`kubelet ${k.name}: terminating pod ${k.uidKey.get(uid) ?? uid}: ${(e as Error).message}`);
    setTimeout(() => k.queue.add(uid), 1000).unref?.();
  }).finally(() => { k.terminating.delete(uid); k.active.delete(p); });
  k.active.add(p);
}

/** Stops everything of a pod (preStop + grace), removes containers, sandbox and volumes. */
async function teardown(k: Kubelet, uid: string, pod: Pod | undefined, grace: number): Promise<void> {
  const containers = await k.runtime.listContainers(k.name, uid);
  const sandboxes = await k.runtime.listSandboxes(k.name, uid);
  k.probes.forgetPod(uid);
  const specs = [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])];
  await Promise.all(containers.filter((c) => c.state === 'running').map((c) =>
    killContainer(k, pod, sandboxes[0], specs.find((s) => s.name === c.name), c, grace)));
  for (const c of containers) await k.runtime.removeContainer(c.id).catch(() => undefined);
  for (const s of sandboxes) await k.runtime.removeSandbox(s.id).catch(() => undefined);
  await cleanupVolumes(k, uid);
  k.forget(uid);
}

async function writeStatus(k: Kubelet, pod: Pod, st: PodState, sandbox: SandboxStatus | undefined, containers: ContainerStatus[]): Promise<void> {
  const status = generatePodStatus({
    pod, sandbox, containers, waiting: st.waiting, ready: (id) => k.probes.ready(id), started: (id) => k.probes.started(id),
    hostIP: k.opts.node.hostIP, runtimeType: k.runtime.type, now: new Date().toISOString(),
  });
  const json = stableJson(status);
  if (json === st.lastStatus && json === stableJson(pod.status ?? {})) return;
  if (json === stableJson(pod.status ?? {})) { st.lastStatus = json; return; }
  try {
    await k.client.patch('pods', pod.metadata!.namespace, pod.metadata!.name!, 'merge', { status }, { subresource: 'status' });
    st.lastStatus = json;
  } catch (e) {
    if (!isApiError(e, 'NotFound')) throw e;
  }
}

export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((kk) => [kk, x[kk]])) : x));
}

/** The pod's resolv.conf: kubelet's ClusterFirst (cluster DNS + search domains) merged with spec.dnsConfig. */
export function podDNS(pod: Pod, clusterDNS: string[], domain: string): { servers: string[]; searches: string[]; options: string[] } | undefined {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const ns = pod.metadata?.namespace ?? 'default';
  const out = { servers: [] as string[], searches: [] as string[], options: [] as string[] };
  const clusterFirst = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.spec?.hostNetwork);
  if (clusterFirst && clusterDNS.length) {
    out.servers = [...clusterDNS];
    out.searches = [`${ns}.svc.${domain}`, `svc.${domain}`, domain];
    out.options = ['ndots:5'];
  }
  const c = pod.spec?.dnsConfig;
  if (c) {
    out.servers = policy === 'None' ? c.nameservers ?? [] : [...out.servers, ...(c.nameservers ?? [])];
    out.searches = policy === 'None' ? c.searches ?? [] : [...out.searches, ...(c.searches ?? [])];
    out.options = [...out.options, ...(c.options ?? []).map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name ?? ''))];
  }
  return out.servers.length || out.searches.length || out.options.length ? out : undefined;
}
