// The admission plug-ins the control loop relies on, collected for the API server:
// ServiceIPAllocator, ServiceAccount (spec.serviceAccountName defaults to "default") and
// DefaultStorageClass, DefaultTolerationSeconds (not-ready/unreachable NoExecute tolerations, 300 s unless
// configured, which is what lets the node lifecycle controller evict pods from lost nodes).
import type { AdmissionPlugin } from './types';
import { serviceAllocatorPlugin } from './serviceAllocator';

export interface AdmissionOptions {
  /** tolerationSeconds for the default not-ready/unreachable tolerations (Kubernetes: 300). */
  defaultTolerationSeconds?: number;
}

export function serviceAccountPlugin(): AdmissionPlugin {
  return {
    name: 'ServiceAccount',
    resources: ['pods'],
    admit(ctx) {
      if (ctx.operation !== 'CREATE' || ctx.subresource || !ctx.object) return;
      const spec = (ctx.object.spec ??= {});
      spec.serviceAccountName ||= spec.serviceAccount || 'default';
      spec.serviceAccount = spec.serviceAccountName;
    },
  };
}

export function defaultTolerationSecondsPlugin(seconds = 300): AdmissionPlugin {
  return {
    name: 'DefaultTolerationSeconds',
    resources: ['pods'],
    admit(ctx) {
      if (ctx.operation !== 'CREATE' || ctx.subresource || !ctx.object) return;
      const spec = (ctx.object.spec ??= {});
      const tols: any[] = (spec.tolerations ??= []);
      for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
        const has = tols.some((t) => (t.operator === 'Exists' && !t.key && (!t.effect || t.effect === 'NoExecute')) || (t.key === key && (!t.effect || t.effect === 'NoExecute')));
        if (!has) tols.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
      }
    },
  };
}

/** DefaultStorageClass: a claim without storageClassName gets the default class, if any. */
export function defaultStorageClassPlugin(): AdmissionPlugin {
  return {
    name: 'DefaultStorageClass',
    resources: ['persistentvolumeclaims'],
    admit(ctx) {
      if (ctx.operation !== 'CREATE' || ctx.subresource || !ctx.object) return;
      const spec = (ctx.object.spec ??= {});
      if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
      const d = ctx.list('storageclasses.storage.k8s.io').find((c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
      if (d) spec.storageClassName = d.metadata.name;
    },
  };
}

export function admissionPlugins(opts: AdmissionOptions = {}): AdmissionPlugin[] {
  return [serviceAllocatorPlugin(), serviceAccountPlugin(), defaultStorageClassPlugin(), defaultTolerationSecondsPlugin(opts.defaultTolerationSeconds ?? 300)];
}

export { serviceAllocatorPlugin };
