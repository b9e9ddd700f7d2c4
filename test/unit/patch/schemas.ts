// Hand-made KindSchema subsets (Deployment, ConfigMap) carrying the same patch and list
// extensions Kubernetes' OpenAPI declares, so the patch tests need no registry.
import type { KindSchema, SchemaNode } from '../../../src/cluster/registry/schema';

const str: SchemaNode = { type: 'string' };
const int: SchemaNode = { type: 'integer' };
const strMap: SchemaNode = { type: 'object', additionalProperties: str };

const defs: Record<string, SchemaNode> = {
  ObjectMeta: {
    type: 'object',
    properties: {
      name: str, namespace: str, labels: strMap, annotations: strMap,
      finalizers: { type: 'array', items: str, 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
      ownerReferences: {
        type: 'array', items: { type: 'object', properties: { uid: str, name: str, kind: str, apiVersion: str } },
        'x-kubernetes-patch-merge-key': 'uid', 'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['uid'],
      },
    },
  },
  Container: {
    type: 'object',
    properties: {
      name: str, image: str, imagePullPolicy: str,
      command: { type: 'array', items: str, 'x-kubernetes-list-type': 'atomic' },
      args: { type: 'array', items: str, 'x-kubernetes-list-type': 'atomic' },
      env: {
        type: 'array', items: { $ref: '#/EnvVar' },
        'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
      },
      ports: {
        type: 'array', items: { $ref: '#/ContainerPort' },
        'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      },
      resources: { type: 'object', properties: { limits: strMap, requests: strMap } },
      volumeMounts: {
        type: 'array', items: { type: 'object', properties: { name: str, mountPath: str } },
        'x-kubernetes-patch-merge-key': 'mountPath', 'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['mountPath'],
      },
    },
  },
  EnvVar: { type: 'object', properties: { name: str, value: str, valueFrom: { type: 'object', properties: { fieldRef: { type: 'object', properties: { fieldPath: str } } } } } },
  ContainerPort: { type: 'object', properties: { name: str, containerPort: int, protocol: str } },
  Volume: {
    type: 'object',
    properties: {
      name: str,
      emptyDir: { type: 'object', properties: { medium: str } },
      hostPath: { type: 'object', properties: { path: str } },
      configMap: { type: 'object', properties: { name: str }, 'x-kubernetes-map-type': 'atomic' },
    },
  },
  PodSpec: {
    type: 'object',
    properties: {
      containers: {
        type: 'array', items: { $ref: '#/Container' },
        'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
      },
      volumes: {
        type: 'array', items: { $ref: '#/Volume' },
        'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge,retainKeys',
        'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
      },
      nodeSelector: { ...strMap, 'x-kubernetes-map-type': 'atomic' },
      restartPolicy: str,
      tolerations: { type: 'array', items: { type: 'object', properties: { key: str, effect: str } }, 'x-kubernetes-list-type': 'atomic' },
    },
  },
  Deployment: {
    type: 'object',
    properties: {
      apiVersion: str, kind: str,
      metadata: { $ref: '#/ObjectMeta' },
      spec: {
        type: 'object',
        properties: {
          replicas: int,
          selector: { type: 'object', properties: { matchLabels: strMap }, 'x-kubernetes-map-type': 'atomic' },
          template: { type: 'object', properties: { metadata: { $ref: '#/ObjectMeta' }, spec: { allOf: [{ $ref: '#/PodSpec' }] } } },
          strategy: {
            type: 'object',
            properties: { type: str, rollingUpdate: { type: 'object', properties: { maxSurge: str, maxUnavailable: str } } },
            'x-kubernetes-patch-strategy': 'retainKeys',
          },
        },
      },
      status: { type: 'object', properties: { replicas: int } },
    },
  },
  ConfigMap: {
    type: 'object',
    properties: { apiVersion: str, kind: str, metadata: { $ref: '#/ObjectMeta' }, data: strMap },
  },
};

function kindSchema(kind: string): KindSchema {
  const deref = (n: SchemaNode): SchemaNode => {
    if (n.$ref) return defs[n.$ref.slice(2)];
    if (n.allOf && n.allOf.length === 1 && n.allOf[0].$ref) return defs[n.allOf[0].$ref.slice(2)];
    return n;
  };
  return { root: { $ref: `#/${kind}` }, deref };
}

export const deploymentSchema = kindSchema('Deployment');
export const configMapSchema = kindSchema('ConfigMap');
