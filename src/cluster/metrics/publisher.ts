// The playground's metrics-server: publishes the kubelets' cached NodeMetrics and PodMetrics
// as read-only metrics.k8s.io/v1beta1 objects (clients can only GET/LIST them), so
// `kubectl top nodes|pods` and the HorizontalPodAutoscaler read them through the API like on
// a real cluster. It writes through the API server's own client (the only user allowed to
// write read-only resources) and only what changed, so an idle cluster makes no writes.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import type { ApiClient } from '../client/types';

export interface MetricsSource {
  metrics(): { nodes: KubeObject[]; pods: KubeObject[] };
}

const NODE_METRICS = 'nodes.metrics.k8s.io';
const POD_METRICS = 'pods.metrics.k8s.io';

/** The part of a metrics object that changes with usage; timestamps alone are no reason to write. */
const usageOf = (o: KubeObject) => JSON.stringify(o.usage ?? o.containers ?? null);
const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export function startMetricsPublisher(client: ApiClient, source: MetricsSource, opts: { intervalMs?: number; log?: (l: string) => void } = {}): { stop(): void; publishNow(): Promise<void> } {
  const published = new Map<string, { resource: string; usage: string }>();
  let running: Promise<void> | undefined;

  const upsert = async (resource: string, obj: KubeObject) => {
    const key = `${resource}|${keyOf(obj)}`;
    const usage = usageOf(obj);
    if (published.get(key)?.usage === usage) return;
    const body = structuredClone(obj);
    try {
      const live = await client.get(resource, body.metadata.namespace, body.metadata.name!);
      body.metadata.resourceVersion = live.metadata.resourceVersion;
      await client.update(resource, body.metadata.namespace, body);
    } catch (e) {
      if (!isApiError(e, 'NotFound')) throw e;
      await client.create(resource, body.metadata.namespace, body);
    }
    published.set(key, { resource, usage });
  };

  const publish = async () => {
    const snap = source.metrics();
    const seen = new Set<string>();
    for (const [resource, list] of [[NODE_METRICS, snap.nodes], [POD_METRICS, snap.pods]] as const) {
      for (const o of list) {
        seen.add(`${resource}|${keyOf(o)}`);
        try { await upsert(resource, o); } catch (e) { opts.log?.(`metrics: ${resource} ${keyOf(o)}: ${(e as Error).message}`); }
      }
    }
    for (const [key, p] of published) {
      if (seen.has(key)) continue;
      const [ns, name] = key.split('|')[1].split('/');
      published.delete(key);
      await client.delete(p.resource, ns || undefined, name).catch(() => undefined);
    }
  };

  const publishNow = () => (running ??= publish().finally(() => { running = undefined; }));
  const timer = setInterval(() => { void publishNow(); }, opts.intervalMs ?? 10_000);
  timer.unref();
  return { stop: () => clearInterval(timer), publishNow };
}
