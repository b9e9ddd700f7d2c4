// PodSpec checks Kubernetes makes that users hit in practice: containers present, unique
// DNS-label names, images, port ranges and protocols, enum fields, volume names and mounts,
// env names. Not here: resources arithmetic, security context, affinity syntax.
import type { StatusCause } from '../../api/types';
import { duplicate, invalid, notSupported, required } from './field';
import { dns1123Label } from './names';

const RESTART = ['Always', 'OnFailure', 'Never'];
const DNS = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function validatePort(p: any, path: string, causes: StatusCause[]): void {
  if (p.containerPort === undefined || p.containerPort === null) causes.push(required(`${path}.containerPort`));
  else if (!(Number.isInteger(p.containerPort) && p.containerPort >= 1 && p.containerPort <= 65535)) {
    causes.push(invalid(`${path}.containerPort`, p.containerPort, 'must be between 1 and 65535, inclusive'));
  }
  if (p.hostPort !== undefined && p.hostPort !== 0 && !(p.hostPort >= 1 && p.hostPort <= 65535)) {
    causes.push(invalid(`${path}.hostPort`, p.hostPort, 'must be between 1 and 65535, inclusive'));
  }
  if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) causes.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  if (p.name) for (const m of portNameErrors(p.name)) causes.push(invalid(`${path}.name`, p.name, m));
}

/** IsValidPortName: an IANA_SVC_NAME, one message per rule broken. */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

function validateContainers(list: any[], path: string, volumes: Set<string>, names: Set<string>, causes: StatusCause[]): void {
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c || typeof c !== 'object') return;
    if (!c.name) causes.push(required(`${p}.name`));
    else {
      for (const m of dns1123Label(c.name)) causes.push(invalid(`${p}.name`, c.name, m));
      if (names.has(c.name)) causes.push(duplicate(`${p}.name`, c.name));
      names.add(c.name);
    }
    if (!c.image) causes.push(required(`${p}.image`));
    if (c.imagePullPolicy !== undefined && !PULL.includes(c.imagePullPolicy)) causes.push(notSupported(`${p}.imagePullPolicy`, c.imagePullPolicy, PULL));
    const portNames = new Set<string>();
    (c.ports ?? []).forEach((port: any, j: number) => {
      if (!port) return;
      validatePort(port, `${p}.ports[${j}]`, causes);
      if (port.name) { if (portNames.has(port.name)) causes.push(duplicate(`${p}.ports[${j}].name`, port.name)); portNames.add(port.name); }
    });
    (c.env ?? []).forEach((e: any, j: number) => {
      if (!e?.name) causes.push(required(`${p}.env[${j}].name`));
      else if (!ENV_NAME.test(e.name)) causes.push(invalid(`${p}.env[${j}].name`, e.name, "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"));
    });
    const mountPaths = new Set<string>();
    (c.volumeMounts ?? []).forEach((m: any, j: number) => {
      const mp = `${p}.volumeMounts[${j}]`;
      if (!m?.name) causes.push(required(`${mp}.name`));
      else if (!volumes.has(m.name)) causes.push({ reason: 'FieldValueNotFound', field: `${mp}.name`, message: `Not found: ${JSON.stringify(m.name)}` });
      if (!m?.mountPath) causes.push(required(`${mp}.mountPath`));
      else if (mountPaths.has(m.mountPath)) causes.push(invalid(`${mp}.mountPath`, m.mountPath, 'must be unique'));
      else mountPaths.add(m.mountPath);
    });
  });
}

/**
 * `path` is where the PodSpec sits: 'spec' for pods, 'spec.template.spec' for workloads.
 * `extraVolumes` are names mounts may use besides spec.volumes (a StatefulSet's
 * volumeClaimTemplates, which its controller turns into volumes of each pod).
 */
export function validatePodSpec(spec: any, path: string, extraVolumes: Iterable<string> = []): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!spec || typeof spec !== 'object') return [required(path)];
  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    const vp = `${path}.volumes[${i}]`;
    if (!v?.name) { causes.push(required(`${vp}.name`)); return; }
    for (const m of dns1123Label(v.name)) causes.push(invalid(`${vp}.name`, v.name, m));
    if (volumes.has(v.name)) causes.push(duplicate(`${vp}.name`, v.name));
    volumes.add(v.name);
  });
  const mountable = new Set([...volumes, ...extraVolumes]);
  const names = new Set<string>();
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) causes.push(required(`${path}.containers`));
  else validateContainers(spec.containers, `${path}.containers`, mountable, names, causes);
  if (Array.isArray(spec.initContainers)) validateContainers(spec.initContainers, `${path}.initContainers`, mountable, names, causes);
  if (spec.restartPolicy !== undefined && !RESTART.includes(spec.restartPolicy)) causes.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART));
  if (spec.dnsPolicy !== undefined && !DNS.includes(spec.dnsPolicy)) causes.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS));
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) {
    causes.push(invalid(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  }
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    causes.push(invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  return causes;
}
