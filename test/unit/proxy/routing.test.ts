// Pure parts of Service networking: the proxy's configuration (endpoints by port name, headless,
// StatefulSet hostnames, ExternalName), Ingress routing precedence, and the service URL rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endpointsFor, proxyConfig } from '../../../src/cluster/proxy/config';
import { hostMatches, pathMatches, route } from '../../../src/cluster/proxy/ingress';
import { serviceURLs } from '../../../src/cluster/proxy/serviceURL';

const svc = (name: string, spec: any, status: any = {}): any => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'ns' }, spec, status });
const eps = (subsets: any[]): any => ({ subsets });

test('endpointsFor matches ports by name and takes ready addresses only', () => {
  const ep = eps([{ addresses: [{ ip: '10.112.0.2' }], notReadyAddresses: [{ ip: '10.112.0.3' }], ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }] }]);
  assert.deepEqual(endpointsFor(ep, { name: 'http', port: 80 }), [{ ip: '10.112.0.2', port: 8080 }]);
  assert.deepEqual(endpointsFor(ep, { name: 'metrics', port: 90 }), [{ ip: '10.112.0.2', port: 9090 }]);
  assert.deepEqual(endpointsFor(ep, { name: 'other', port: 1 }), []);
});

test('proxyConfig: ClusterIP, headless, hostnames, ExternalName, no proxying of the DNS address', () => {
  const services = [
    svc('web', { clusterIP: '10.96.0.20', ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }),
    svc('db', { clusterIP: 'None', ports: [{ port: 5432 }] }),
    svc('ext', { type: 'ExternalName', externalName: 'example.com.' }),
    svc('kube-dns', { clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'TCP' }] }),
  ];
  const endpoints: Record<string, any> = {
    web: eps([{ addresses: [{ ip: '10.112.0.2' }, { ip: '10.112.0.4' }], ports: [{ port: 8080 }] }]),
    db: eps([{ addresses: [{ ip: '10.112.0.5', hostname: 'db-0' }], ports: [{ port: 5432 }] }]),
  };
  const pods: any[] = [{ metadata: { namespace: 'ns', name: 'p' }, spec: { hostname: 'h', subdomain: 'db' }, status: { podIP: '10.112.0.9' } }];
  const c = proxyConfig({ services, endpoints: (_ns, n) => endpoints[n], pods }).split('\n');
  assert.ok(c.includes('a web.ns.svc.cluster.local 10.96.0.20'));
  assert.ok(c.includes('addr 10.96.0.20'));
  assert.ok(c.includes('svc 10.96.0.20 80 10.112.0.2:8080 10.112.0.4:8080'));
  assert.ok(!c.some((l) => l.startsWith('svc 10.96.0.20 53')), 'UDP ports are not proxied');
  assert.ok(c.includes('a db.ns.svc.cluster.local 10.112.0.5'));
  assert.ok(c.includes('a db-0.db.ns.svc.cluster.local 10.112.0.5'));
  assert.ok(c.includes('a h.db.ns.svc.cluster.local 10.112.0.9'));
  assert.ok(c.includes('cname ext.ns.svc.cluster.local example.com'));
  assert.ok(!c.some((l) => l.startsWith('svc 10.96.0.10')), 'kube-dns is answered by the proxy itself');
});

test('Ingress routing: host before host-less, longest path, Exact over Prefix, element-wise prefixes, default backend', () => {
  const be = (name: string) => ({ service: { name, port: { number: 80 } } });
  const ing: any = {
    metadata: { name: 'i', namespace: 'ns' },
    spec: {
      defaultBackend: be('default'),
      rules: [
        { http: { paths: [{ path: '/', pathType: 'Prefix', backend: be('any-host') }] } },
        { host: 'a.example', http: { paths: [
          { path: '/', pathType: 'Prefix', backend: be('root') },
          { path: '/api', pathType: 'Prefix', backend: be('api') },
          { path: '/api', pathType: 'Exact', backend: be('api-exact') },
          { path: '/api/v2', pathType: 'ImplementationSpecific', backend: be('v2') },
        ] } },
        { host: '*.wild.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: be('wild') }] } },
      ],
    },
  };
  const to = (h: string, p: string) => route([ing], h, p)?.backend.service?.name;
  assert.equal(to('a.example', '/'), 'root');
  assert.equal(to('a.example', '/api'), 'api-exact');
  assert.equal(to('a.example', '/api/x'), 'api');
  assert.equal(to('a.example', '/apix'), 'root');
  assert.equal(to('a.example', '/api/v2/y'), 'v2');
  assert.equal(to('b.wild.example', '/z'), 'wild');
  assert.equal(to('c.b.wild.example', '/z'), 'any-host');
  assert.equal(to('other', '/z'), 'any-host');
  assert.equal(route([{ ...ing, spec: { ...ing.spec, rules: [] } }], 'x', '/')?.backend.service?.name, 'default');
  assert.equal(route([], 'x', '/'), undefined);
  assert.equal(hostMatches('*.a.b', 'x.a.b'), 1);
  assert.equal(hostMatches('*.a.b', 'a.b'), -1);
  assert.ok(pathMatches('Prefix', '/foo/', '/foo'));
  assert.ok(!pathMatches('Exact', '/foo', '/foo/'));
});

test('service URL: LoadBalancer port when bound, NodePort otherwise, ClusterIP refused', () => {
  const lb = svc('lb', { type: 'LoadBalancer', ports: [{ port: 18080, nodePort: 30001 }, { port: 80, nodePort: 30002 }] },
    { loadBalancer: { ingress: [{ ip: '127.0.0.1', ports: [{ port: 18080, protocol: 'TCP' }, { port: 80, protocol: 'TCP', error: 'PortUnavailable' }] }] } });
  assert.deepEqual(serviceURLs(lb).urls, ['http://127.0.0.1:18080', 'http://127.0.0.1:30002']);
  assert.deepEqual(serviceURLs(svc('np', { type: 'NodePort', ports: [{ port: 80, nodePort: 30500 }] })).urls, ['http://127.0.0.1:30500']);
  assert.match(serviceURLs(svc('c', { ports: [{ port: 80 }] })).error ?? '', /ClusterIP.*port-forward svc\/c/);
});
