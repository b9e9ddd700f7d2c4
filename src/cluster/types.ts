// What the CLI and the extension see of a running playground (src/cluster/cluster.ts builds it).
export type RuntimeChoice = 'auto' | 'docker' | 'simulated';

export interface ClusterOptions {
  /** Everything durable lives here: store, PKI, kubeconfig, volumes. */
  dataDir: string;
  /** Worker nodes (the control-plane node comes in addition). Default 2. */
  nodes?: number;
  runtime?: RuntimeChoice;
  /** API server port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** Ingress controller port on 127.0.0.1 (default 8080). */
  ingressPort?: number;
  /** false: act as on Docker Desktop, where the host has no route to pod IPs (tests force that path on Linux). */
  hostRoute?: boolean;
  log?: (line: string) => void;
}

export interface NodeInfo {
  name: string;
  role: 'control-plane' | 'worker';
  state: 'running' | 'stopped';
}

export interface RunningCluster {
  readonly dataDir: string;
  readonly server: string;
  readonly kubeconfigPath: string;
  readonly runtime: 'docker' | 'simulated';
  nodes(): NodeInfo[];
  addNode(): Promise<string>;
  removeNode(name: string): Promise<void>;
  /** Simulates a failure: the kubelet stops heartbeating and its containers are paused. */
  stopNode(name: string): Promise<void>;
  startNode(name: string): Promise<void>;
  saveSnapshot(file: string): Promise<void>;
  /**
   * Stops every part. Pods' containers keep running (as on a control-plane restart) and the
   * next start re-adopts them, unless removeContainers (reset, tests).
   */
  stop(opts?: { removeContainers?: boolean }): Promise<void>;
}
