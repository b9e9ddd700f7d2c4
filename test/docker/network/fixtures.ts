// Manifests for the Service networking tests: busybox httpd pods answering their own name.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUSYBOX_IMAGE } from '../../helpers/images';

const httpd = (name = '$HOSTNAME') => `mkdir -p /www && echo ${name} > /www/index.html && echo ok > /www/ready && exec httpd -f -v -p 8080 -h /www`;

export const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: ${BUSYBOX_IMAGE}
        command: [sh, -c, '${httpd()}']
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 1, failureThreshold: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web-num}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 81, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 18081, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb80}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: alias}
spec:
  type: ExternalName
  externalName: web.default.svc.cluster.local
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 8080}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: ${BUSYBOX_IMAGE}
        command: [sh, -c, '${httpd()}']
        readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: nobody}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: sh, image: ${BUSYBOX_IMAGE}, command: [sleep, '3600']}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  tls: [{hosts: [a.example], secretName: a-tls}]
  rules:
  - host: a.example
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /db, pathType: Prefix, backend: {service: {name: empty, port: {number: 80}}}}
  - host: '*.example'
    http:
      paths:
      - {path: /x, pathType: Exact, backend: {service: {name: web-num, port: {number: 81}}}}
`;

function selfSigned(host: string): { crt: string; key: string } {
  const d = mkdtempSync(join(tmpdir(), 'kpg-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${host}`, '-keyout', join(d, 'k'), '-out', join(d, 'c')], { stdio: 'pipe' });
    return { crt: readFileSync(join(d, 'c')).toString('base64'), key: readFileSync(join(d, 'k')).toString('base64') };
  } finally { rmSync(d, { recursive: true, force: true }); }
}

export const tlsSecret = (() => {
  const { crt, key } = selfSigned('a.example');
  return `apiVersion: v1\nkind: Secret\nmetadata: {name: a-tls}\ntype: kubernetes.io/tls\ndata: {tls.crt: ${crt}, tls.key: ${key}}\n`;
})();
