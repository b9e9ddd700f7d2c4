// Every kind the registry serves, applied from one multi-document manifest with real kubectl
// and printed by `kubectl get` and `kubectl get -o wide`: the header lines are the ones real
// Kubernetes 1.32 prints (its printers' column names and order, wide columns after them).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => { pg = await startPlayground(); });
after(async () => { await pg?.stop(); });

const podTemplate = 'metadata: {labels: {app: t}}\n    spec: {containers: [{name: c, image: nginx}]}';
const manifest = `
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: s}
spec: {selector: {app: t}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: e}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
---
apiVersion: v1
kind: Secret
metadata: {name: sec}
---
apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: v1
kind: Event
metadata: {name: ev}
involvedObject: {kind: Pod, name: p, namespace: default}
reason: Tested
message: hello
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv}
spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /tmp/pv}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: pvc}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: sa}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: t}}
  template:
    ${podTemplate}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs}
spec:
  selector: {matchLabels: {app: t}}
  template:
    ${podTemplate}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: sts}
spec:
  serviceName: s
  selector: {matchLabels: {app: t}}
  template:
    ${podTemplate}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
spec:
  selector: {matchLabels: {app: t}}
  template:
    ${podTemplate}
---
apiVersion: apps/v1
kind: ControllerRevision
metadata: {name: cr}
revision: 1
---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ing}
spec: {defaultBackend: {service: {name: s, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: ic}
spec: {controller: example.com/ingress}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: es}
addressType: IPv4
endpoints: [{addresses: [10.0.0.1]}]
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: sc}
provisioner: example.com/none
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: l}
spec: {holderIdentity: me}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}, maxReplicas: 3}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: things, singular: thing, kind: Thing}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
`;

const headers: [resource: string, header: string, wide: string][] = [
  ['namespaces', 'NAME STATUS AGE', 'NAME STATUS AGE'],
  ['pods', 'NAME READY STATUS RESTARTS AGE', 'NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES'],
  ['services', 'NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE', 'NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE SELECTOR'],
  ['endpoints', 'NAME ENDPOINTS AGE', 'NAME ENDPOINTS AGE'],
  ['configmaps', 'NAME DATA AGE', 'NAME DATA AGE'],
  ['secrets', 'NAME TYPE DATA AGE', 'NAME TYPE DATA AGE'],
  ['nodes', 'NAME STATUS ROLES AGE VERSION', 'NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME'],
  ['events', 'LAST SEEN TYPE REASON OBJECT MESSAGE', 'LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME'],
  ['events.events.k8s.io', 'LAST SEEN TYPE REASON OBJECT MESSAGE', 'LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME'],
  ['persistentvolumes', 'NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE', 'NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE VOLUMEMODE'],
  ['persistentvolumeclaims', 'NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE', 'NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE VOLUMEMODE'],
  ['serviceaccounts', 'NAME SECRETS AGE', 'NAME SECRETS AGE'],
  ['deployments', 'NAME READY UP-TO-DATE AVAILABLE AGE', 'NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR'],
  ['replicasets', 'NAME DESIRED CURRENT READY AGE', 'NAME DESIRED CURRENT READY AGE CONTAINERS IMAGES SELECTOR'],
  ['statefulsets', 'NAME READY AGE', 'NAME READY AGE CONTAINERS IMAGES'],
  ['daemonsets', 'NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE', 'NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE CONTAINERS IMAGES SELECTOR'],
  ['controllerrevisions', 'NAME CONTROLLER REVISION AGE', 'NAME CONTROLLER REVISION AGE'],
  ['jobs', 'NAME STATUS COMPLETIONS DURATION AGE', 'NAME STATUS COMPLETIONS DURATION AGE CONTAINERS IMAGES SELECTOR'],
  ['cronjobs', 'NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE', 'NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE CONTAINERS IMAGES SELECTOR'],
  ['ingresses', 'NAME CLASS HOSTS ADDRESS PORTS AGE', 'NAME CLASS HOSTS ADDRESS PORTS AGE'],
  ['ingressclasses', 'NAME CONTROLLER PARAMETERS AGE', 'NAME CONTROLLER PARAMETERS AGE'],
  ['endpointslices', 'NAME ADDRESSTYPE PORTS ENDPOINTS AGE', 'NAME ADDRESSTYPE PORTS ENDPOINTS AGE'],
  ['storageclasses', 'NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE', 'NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE'],
  ['leases', 'NAME HOLDER AGE', 'NAME HOLDER AGE'],
  ['horizontalpodautoscalers', 'NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE', 'NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE'],
  ['customresourcedefinitions', 'NAME CREATED AT', 'NAME CREATED AT'],
];

/** The header line with runs of spaces collapsed (column widths depend on the rows). */
const headerOf = (out: string) => out.split('\n')[0].trim().split(/\s{2,}/).join(' ');

describe('kubectl get prints every kind with Kubernetes\' columns', () => {
  it('applies one of every kind', async () => {
    const f = join(pg.dataDir, 'all-kinds.yaml');
    await writeFile(f, manifest);
    const r = await pg.kubectl(['apply', '-f', f]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 24);
  });

  it('--subresource=scale prints a Scale, --subresource=status the resource\'s own columns', async () => {
    const scale = await pg.kubectl(['get', 'deploy', 'd', '--subresource=scale']);
    assert.equal(scale.code, 0, scale.stderr);
    assert.equal(headerOf(scale.stdout), 'NAME DESIRED AVAILABLE AGE');
    assert.match(scale.stdout, /^d\s+1\s+0\s+\d+s$/m);
    const status = await pg.kubectl(['get', 'deploy', 'd', '--subresource=status']);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(headerOf(status.stdout), 'NAME READY UP-TO-DATE AVAILABLE AGE');
  });

  for (const [resource, header, wide] of headers) {
    it(resource, async () => {
      const plain = await pg.kubectl(['get', resource]);
      assert.equal(plain.code, 0, plain.stderr);
      assert.equal(headerOf(plain.stdout), header);
      const w = await pg.kubectl(['get', resource, '-o', 'wide']);
      assert.equal(w.code, 0, w.stderr);
      assert.equal(headerOf(w.stdout), wide);
    });
  }
});
