// networking.k8s.io/v1 Ingress and IngressClass, discovery.k8s.io/v1 EndpointSlice,
// coordination.k8s.io/v1 Lease: kubectl's columns and the defaults Kubernetes applies.
import type { KubeObject, StatusCause } from '../../api/types';
import { defineResource } from '../define';
import { column } from '../printers/common';
import { loadBalancerStatus } from '../printers/formats';
import { notSupported, required } from '../validation/field';

function ingressHosts(o: KubeObject): string {
  const hosts: string[] = [];
  for (const r of o.spec?.rules ?? []) if (r.host) hosts.push(r.host);
  if (!hosts.length) return '*';
  return hosts.length > 4 ? `${hosts.slice(0, 4).join(',')} + ${hosts.length - 4} more...` : hosts.join(',');
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

export const ingress = defineResource({
  group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', namespaced: true,
  shortNames: ['ing'], subresources: { status: true },
  columns: [
    column('Class', 'The name of the IngressClass resource that should be used for additional configuration', (o) => o.spec?.ingressClassName ?? '<none>'),
    column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule', ingressHosts),
    column('Address', 'Address is a list containing ingress points for the load-balancer', (o) => loadBalancerStatus(o.status?.loadBalancer, true)),
    column('Ports', 'Ports of TLS configurations that open', (o) => ((o.spec?.tls ?? []).length ? '80, 443' : '80')),
  ],
  validate(o) {
    const causes: StatusCause[] = [];
    const spec = o.spec ?? {};
    if (!spec.defaultBackend && !(spec.rules ?? []).length) causes.push({ reason: 'FieldValueInvalid', field: 'spec', message: 'Invalid value: "": either `defaultBackend` or `rules` must be specified' });
    (spec.rules ?? []).forEach((r: any, i: number) => (r?.http?.paths ?? []).forEach((p: any, j: number) => {
      const f = `spec.rules[${i}].http.paths[${j}]`;
      if (!p.pathType) causes.push(required(`${f}.pathType`, 'pathType must be specified'));
      else if (!PATH_TYPES.includes(p.pathType)) causes.push(notSupported(`${f}.pathType`, p.pathType, PATH_TYPES));
      if (!p.backend) causes.push(required(`${f}.backend`));
    }));
    return causes;
  },
});

export const ingressClass = defineResource({
  group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass', plural: 'ingressclasses', namespaced: false,
  columns: [
    column('Controller', 'Controller that is responsible for handling this class', (o) => o.spec?.controller ?? ''),
    column('Parameters', 'A reference to a resource with additional parameters', (o) => {
      const p = o.spec?.parameters;
      if (!p) return '<none>';
      const kind = p.apiGroup ? `${p.kind}.${p.apiGroup}` : p.kind;
      return `${kind}/${p.name}`;
    }),
  ],
  validate: (o) => (o.spec?.controller ? [] : [required('spec.controller')]),
});

function slicePorts(o: KubeObject): string {
  const ports: any[] = o.ports ?? [];
  if (!ports.length) return '<unset>';
  const list = ports.map((p) => String(p.port ?? ''));
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

function sliceEndpoints(o: KubeObject): string {
  const addrs: string[] = [];
  for (const e of o.endpoints ?? []) for (const a of e.addresses ?? []) addrs.push(a);
  if (!addrs.length) return '<unset>';
  return addrs.length > 3 ? `${addrs.slice(0, 3).join(',')} + ${addrs.length - 3} more...` : addrs.join(',');
}

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

export const endpointSlice = defineResource({
  group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true,
  columns: [
    column('AddressType', 'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.', (o) => o.addressType ?? ''),
    column('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.', slicePorts),
    column('Endpoints', 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.', sliceEndpoints),
  ],
  defaults(obj) {
    for (const p of obj.ports ?? []) {
      if (!p || typeof p !== 'object') continue;
      p.protocol ??= 'TCP';
      // kubectl describe service dereferences name: never leave it out.
      p.name ??= '';
    }
  },
  validate(o, old) {
    const causes: StatusCause[] = [];
    if (!o.addressType) causes.push(required('addressType'));
    else if (!ADDRESS_TYPES.includes(o.addressType)) causes.push(notSupported('addressType', o.addressType, ADDRESS_TYPES));
    if (old && old.addressType !== o.addressType) causes.push({ reason: 'FieldValueInvalid', field: 'addressType', message: `Invalid value: ${JSON.stringify(o.addressType)}: field is immutable` });
    (o.endpoints ?? []).forEach((e: any, i: number) => { if (!(e?.addresses ?? []).length) causes.push(required(`endpoints[${i}].addresses`)); });
    return causes;
  },
});

export const lease = defineResource({
  group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true,
  columns: [column('Holder', 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.', (o) => o.spec?.holderIdentity ?? '')],
});
