// How the host side (NodePort, LoadBalancer, Ingress listeners in the cluster process) opens a
// TCP stream to a pod: straight to the pod IP where the host routes to the Docker network
// (Linux), else through the proxy container's published dial port with a one-line header
// "<ip> <port>\n" (Docker Desktop, where container IPs are unreachable from the host). Both
// paths return a connected socket, so everything above shares one code path; tests force the
// second one on Linux with `direct: false`.
import { connect, type Socket } from 'node:net';

export type Dial = (ip: string, port: number) => Promise<Socket>;

const CONNECT_TIMEOUT_MS = 3000;

function open(host: string, port: number, header?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port });
    s.setNoDelay(true);
    const t = setTimeout(() => { s.destroy(); reject(new Error(`connect ${host}:${port} timed out`)); }, CONNECT_TIMEOUT_MS);
    s.once('error', (e) => { clearTimeout(t); reject(e); });
    s.once('connect', () => {
      clearTimeout(t);
      s.removeAllListeners('error');
      if (header) s.write(header);
      resolve(s);
    });
  });
}

export function makeDialer(opts: { direct: boolean; dialPort?: number }): Dial {
  if (opts.direct) return (ip, port) => open(ip, port);
  const dp = opts.dialPort;
  if (!dp) return () => Promise.reject(new Error('no route to pods and no service proxy dial port'));
  return (ip, port) => open('127.0.0.1', dp, `${ip} ${port}\n`);
}
