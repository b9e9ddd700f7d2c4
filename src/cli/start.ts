// `start`: runs the playground in the foreground until SIGINT/SIGTERM (or `stop`).
import * as fs from 'node:fs';
import { startCluster } from '../cluster/cluster';
import { runningState } from '../cluster/dataDir';
import type { RuntimeChoice } from '../cluster/types';
import { UsageError, type Command } from './command';

export const start: Command = {
  usage: 'start [--nodes N] [--runtime auto|docker|simulated] [--port P] [--ingress-port P]',
  summary: 'run the playground in the foreground (Ctrl-C stops it)',
  options: {
    nodes: { type: 'string' },
    runtime: { type: 'string' },
    port: { type: 'string' },
    'ingress-port': { type: 'string' },
  },
  async run({ dataDir, values, out }) {
    const nodes = values.nodes === undefined ? 2 : Number(values.nodes);
    if (!Number.isInteger(nodes) || nodes < 0 || nodes > 100) throw new UsageError(`--nodes must be a whole number 0..100, not ${values.nodes}`);
    const runtime = (values.runtime ?? 'auto') as RuntimeChoice;
    if (!['auto', 'docker', 'simulated'].includes(runtime)) throw new UsageError(`--runtime must be auto, docker or simulated, not ${values.runtime}`);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not ${values.port}`);
    const ingressPort = values['ingress-port'] === undefined ? 8080 : Number(values['ingress-port']);
    if (!Number.isInteger(ingressPort) || ingressPort < 1024 || ingressPort > 65535) throw new UsageError(`--ingress-port must be a port number 1024..65535, not ${values['ingress-port']}`);
    const running = runningState(dataDir);
    if (running) throw new UsageError(`a playground is already running on ${dataDir} (pid ${running.pid}); stop it with: kube-playground stop`);

    const cluster = await startCluster({ dataDir, nodes, runtime, port, ingressPort, log: (l) => out(l) });
    out(`kube-playground: running (pid ${process.pid}, data dir ${cluster.dataDir}, runtime ${cluster.runtime})`);
    if (cluster.server) out(`server: ${cluster.server}`);
    const stopWaitingForKubeconfig = announceKubeconfig(cluster.kubeconfigPath, out);

    // Until the API server listens, nothing else keeps the event loop alive.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    await new Promise<void>((resolve) => {
      let signals = 0;
      const onSignal = (sig: NodeJS.Signals) => {
        if (++signals > 1) { out(`kube-playground: ${sig} again, exiting now`); process.exit(130); }
        out(`kube-playground: ${sig}, stopping`);
        stopWaitingForKubeconfig();
        cluster.stop().then(resolve, (e) => { out(`kube-playground: stop failed: ${e.message}`); process.exit(1); });
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    clearInterval(keepAlive);
    out('kube-playground: stopped');
    return 0;
  },
};

/** Prints the kubeconfig lines once the file exists (the API server writes it); until then, where it will be. */
function announceKubeconfig(file: string, out: (l: string) => void): () => void {
  const announce = () => {
    out(`kubeconfig: ${file}`);
    out(`export KUBECONFIG=${file}`);
  };
  if (fs.existsSync(file)) { announce(); return () => undefined; }
  out(`kubeconfig: not written yet; it will be ${file}`);
  const timer = setInterval(() => {
    if (fs.existsSync(file)) { clearInterval(timer); announce(); }
  }, 250);
  timer.unref();
  return () => clearInterval(timer);
}
