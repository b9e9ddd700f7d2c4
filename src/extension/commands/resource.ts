// Item commands of the tree (also callable with a {kind, name, namespace} reference): describe,
// YAML, logs, port-forward, scale, rollout restart, delete, copy name.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { TreeNode } from '../tree/nodes/node';
import type { Obj } from '../kube/objectCache';
import { mergePatch, refOf, remove as removeObject, type Ref } from '../kube/objects';
import { DESCRIBE, YAML, uriFor } from '../documents/uris';
import { followLogs } from '../terminal/logs';
import { portForwards } from '../terminal/portForward';

type Target = TreeNode | Obj | Ref;

/** The object a command acts on: a tree node (object or container → its pod) or a plain reference. */
export function objectOf(arg: Target | undefined): { ref: Ref; obj?: Obj; container?: string } {
  if (!arg) throw new Error('Select an object in the Kubernetes Playground view');
  if ('type' in arg && typeof arg.type === 'string') {
    const n = arg as TreeNode;
    if (n.type === 'object') return { ref: refOf(n.obj), obj: n.obj };
    if (n.type === 'container') return { ref: refOf(n.pod), obj: n.pod, container: n.name };
    if (n.type === 'key') return { ref: refOf(n.owner), obj: n.owner };
    if (n.type === 'endpoint') return { ref: refOf(n.service), obj: n.service };
    throw new Error('This item is not a Kubernetes object');
  }
  if ('metadata' in arg) return { ref: refOf(arg as Obj), obj: arg as Obj };
  return { ref: arg as Ref };
}

export const refresh = (ctx: Ctx) => () => ctx.tree.refresh();

export const describe = () => async (arg?: Target) => {
  const { ref } = objectOf(arg);
  const doc = await vscode.workspace.openTextDocument(uriFor(DESCRIBE, ref, 'describe'));
  await vscode.languages.setTextDocumentLanguage(doc, 'kpg-describe');
  await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
  return doc;
};

export const getYaml = () => async (arg?: Target) => {
  const { ref } = objectOf(arg);
  const doc = await vscode.workspace.openTextDocument(uriFor(YAML, ref, 'yaml'));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
};

export const logs = (ctx: Ctx) => async (arg?: Target, follow = true) => {
  const { ref, obj, container } = objectOf(arg);
  if (ref.kind !== 'Pod') throw new Error('Logs are shown for a pod or one of its containers');
  let name = container;
  const containers: string[] = (obj?.spec?.containers ?? []).map((c: any) => c.name);
  if (!name) name = containers.length > 1 ? await vscode.window.showQuickPick(containers, { title: 'Logs of which container?' }) : containers[0];
  if (!name) return undefined;
  return followLogs(ctx.requireTarget().kc, ref.namespace ?? 'default', ref.name, name, follow);
};

/**
 * Port-forward to a pod, or to a Service as `kubectl port-forward svc/NAME LOCAL:PORT` does: PORT
 * is the Service's port, forwarded to its targetPort (a named one resolved through the Endpoints)
 * on the first ready pod behind it.
 */
export const portForward = (ctx: Ctx) => async (arg?: Target, ports?: { local: number; remote: number }) => {
  const { ref, obj: given } = objectOf(arg);
  const obj = given ?? ctx.cache?.get(ref.kind, ref.namespace, ref.name);
  let pod = ref;
  let ep: Obj | undefined;
  if (ref.kind === 'Service') {
    ep = ctx.cache?.get('Endpoints', ref.namespace, ref.name);
    const podName = ep?.subsets?.[0]?.addresses?.[0]?.targetRef?.name;
    if (!podName) throw new Error(`Service ${ref.name} has no ready pod to forward to`);
    pod = { apiVersion: 'v1', kind: 'Pod', name: podName, namespace: ref.namespace };
  } else if (ref.kind !== 'Pod') throw new Error('Port-forward works on a pod or a service');
  let p = ports;
  if (!p) {
    const declared: number[] = ref.kind === 'Service'
      ? (obj?.spec?.ports ?? []).map((x: any) => x.port)
      : (obj?.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((x: any) => x.containerPort));
    const what = ref.kind === 'Service' ? `service ${ref.name}` : pod.name;
    const answer = await vscode.window.showInputBox({ title: `Port-forward to ${what}`, prompt: `local:remote (remote: a port of the ${ref.kind === 'Service' ? 'service' : 'pod'})`, value: declared.length ? `${declared[0]}:${declared[0]}` : '8080:80', validateInput: (v) => (/^\d+:\d+$/.test(v) ? undefined : 'local:remote, e.g. 8080:80') });
    if (!answer) return undefined;
    const [l, r] = answer.split(':').map(Number);
    p = { local: l, remote: r };
  }
  const remote = ref.kind === 'Service' ? targetPortOf(obj, ep, p.remote) : p.remote;
  return portForwards.start(ctx.requireTarget().kc, pod.namespace ?? 'default', pod.name, p.local, remote);
};

/** The pod port behind a Service port: a numeric targetPort, or a named one as the Endpoints resolved it. */
function targetPortOf(svc: Obj | undefined, ep: Obj | undefined, port: number): number {
  const sp = (svc?.spec?.ports ?? []).find((x: any) => x.port === port);
  if (!sp) throw new Error(`Service ${svc?.metadata.name ?? ''} has no port ${port}`);
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  const resolved = (ep?.subsets?.[0]?.ports ?? []).find((x: any) => (x.name ?? '') === (sp.name ?? ''))?.port;
  if (typeof resolved !== 'number') throw new Error(`Service ${svc?.metadata.name ?? ''}: targetPort "${target}" is not resolved by its Endpoints`);
  return resolved;
}

export const stopPortForward = () => async (id?: string) => {
  const list = portForwards.list();
  if (!id && !list.length) { void vscode.window.showInformationMessage('No port-forwards are running.'); return false; }
  const pick = id ?? (await vscode.window.showQuickPick(list.map((f) => ({ label: f.label, id: f.id })), { title: 'Stop which port-forward?' }))?.id;
  return pick ? portForwards.stop(pick) : false;
};

export const scale = (ctx: Ctx) => async (arg?: Target, replicas?: number) => {
  const { ref, obj } = objectOf(arg);
  if (!['Deployment', 'ReplicaSet', 'StatefulSet'].includes(ref.kind)) throw new Error(`${ref.kind} cannot be scaled`);
  let n = replicas;
  if (n === undefined) {
    const v = await vscode.window.showInputBox({ title: `Scale ${ref.kind} ${ref.name}`, value: String(obj?.spec?.replicas ?? 1), validateInput: (s) => (/^\d+$/.test(s) ? undefined : 'a whole number') });
    if (v === undefined) return undefined;
    n = Number(v);
  }
  return mergePatch(ctx.requireTarget().kc, ref, { spec: { replicas: n } });
};

export const rolloutRestart = (ctx: Ctx) => async (arg?: Target) => {
  const { ref } = objectOf(arg);
  if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(ref.kind)) throw new Error(`${ref.kind} has no rollout`);
  // the same annotation `kubectl rollout restart` sets: a template change the controller rolls out
  return mergePatch(ctx.requireTarget().kc, ref, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } });
};

export const remove = (ctx: Ctx) => async (arg?: Target, confirmed?: boolean) => {
  const { ref } = objectOf(arg);
  const t = ctx.requireTarget();
  if (confirmed !== true) {
    const ok = await vscode.window.showWarningMessage(`Delete ${ref.kind} ${ref.namespace ? ref.namespace + '/' : ''}${ref.name} from ${t.label}?`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return false;
  }
  await removeObject(t.kc, ref);
  return true;
};

export const copyName = () => async (arg?: Target) => {
  const { ref } = objectOf(arg);
  await vscode.env.clipboard.writeText(ref.name);
  return ref.name;
};
