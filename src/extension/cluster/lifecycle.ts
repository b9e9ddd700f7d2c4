// The embedded playground's lifecycle as the extension sees it: start (in this extension host,
// or attach to one the CLI runs), stop, restart, reset; node operations and snapshots go to the
// RunningCluster, or to the CLI's playground through its control socket when attached. Emits a
// state change the context re-registers its commands on.
import * as fs from 'node:fs';
import type { NodeInfo, RunningCluster, RuntimeChoice } from '../../cluster/types';
import { callControl } from '../../cluster/control/socket';
import { clusterModule, defaultDataDir, runningPlayground, type PlaygroundState } from './embedded';

export type ClusterState = 'stopped' | 'starting' | 'running' | 'attached' | 'stopping' | 'failed' | 'unavailable';

export interface LifecycleSettings { dataDir: string; nodes: number; runtime: RuntimeChoice; ingressPort?: number }

export class PlaygroundLifecycle {
  state: ClusterState = 'stopped';
  error?: string;
  cluster?: RunningCluster;
  attached?: PlaygroundState;
  private readonly listeners = new Set<() => void>();
  private pending?: Promise<void>;
  private watchAttached?: ReturnType<typeof setInterval>;

  constructor(private readonly settings: () => LifecycleSettings, private readonly log: (line: string) => void) {}

  onDidChange(l: () => void): { dispose(): void } { this.listeners.add(l); return { dispose: () => this.listeners.delete(l) }; }
  private set(state: ClusterState, error?: string): void {
    this.state = state; this.error = error;
    this.log(`playground: ${state}${error ? ` (${error})` : ''}`);
    for (const l of this.listeners) l();
  }

  get kubeconfigPath(): string | undefined { return this.cluster?.kubeconfigPath ?? this.attached?.kubeconfigPath; }
  get dataDir(): string { return this.settings().dataDir || defaultDataDir(); }
  get isUp(): boolean { return this.state === 'running' || this.state === 'attached'; }

  /** Starts (or attaches); concurrent calls share one start. */
  start(): Promise<void> {
    if (this.isUp) return Promise.resolve();
    this.pending ??= this.doStart().finally(() => { this.pending = undefined; });
    return this.pending;
  }

  private async doStart(): Promise<void> {
    const s = this.settings();
    const dataDir = this.dataDir;
    const existing = runningPlayground(dataDir);
    if (existing) { this.attach(existing); return; }
    const mod = clusterModule();
    if (!mod?.startCluster) { this.set('unavailable', 'the cluster core is not part of this build'); return; }
    this.set('starting');
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      this.cluster = await mod.startCluster({ dataDir, nodes: s.nodes, runtime: s.runtime, port: 0, ingressPort: s.ingressPort, log: this.log });
      this.set('running');
    } catch (e) {
      this.cluster = undefined;
      this.set('failed', (e as Error).message);
    }
  }

  /** Follows the CLI's process: when it ends, the playground is stopped for the views too. */
  private attach(state: PlaygroundState): void {
    this.attached = state;
    this.set('attached');
    this.watchAttached = setInterval(() => {
      // EPERM: alive, but another user's (signal 0 only probes)
      try { process.kill(state.pid, 0); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EPERM') this.detach(); }
    }, 1000);
    this.watchAttached.unref?.();
  }

  private detach(): void {
    clearInterval(this.watchAttached);
    this.watchAttached = undefined;
    this.attached = undefined;
    this.set('stopped');
  }

  /** Stops; pods' containers keep running unless removeContainers (reset). */
  async stop(opts?: { removeContainers?: boolean }): Promise<void> {
    if (this.attached) { this.detach(); return; } // the CLI owns it: only let go of it
    if (!this.cluster) { if (this.state !== 'unavailable') this.set('stopped'); return; }
    this.set('stopping');
    const c = this.cluster;
    this.cluster = undefined;
    try { await c.stop(opts); } finally { this.set('stopped'); }
  }

  async restart(): Promise<void> { await this.stop(); await this.start(); }

  private control(method: string, pathname: string, body?: unknown): Promise<any> {
    if (!this.attached) throw new Error(`the playground is ${this.state}`);
    return callControl(this.dataDir, method, pathname, body);
  }

  async nodes(): Promise<NodeInfo[]> { return this.cluster ? this.cluster.nodes() : this.control('GET', '/nodes'); }
  async addNode(): Promise<string> { return this.cluster ? this.cluster.addNode() : (await this.control('POST', '/nodes')).name; }
  async stopNode(name: string): Promise<void> { if (this.cluster) await this.cluster.stopNode(name); else await this.control('POST', `/nodes/${encodeURIComponent(name)}/stop`); }
  async startNode(name: string): Promise<void> { if (this.cluster) await this.cluster.startNode(name); else await this.control('POST', `/nodes/${encodeURIComponent(name)}/start`); }
  async saveSnapshot(file: string): Promise<void> { if (this.cluster) await this.cluster.saveSnapshot(file); else await this.control('POST', '/snapshot', { file }); }

  /** Stops, deletes the data dir (store, PKI, volumes), starts fresh. */
  async reset(): Promise<void> {
    if (this.attached) throw new Error('this playground is run by the CLI; reset it there');
    await this.stop({ removeContainers: true });
    fs.rmSync(this.dataDir, { recursive: true, force: true });
    await this.start();
  }

  /** Stops, replaces the store with the snapshot (the store keeps the old one as store.before-restore), starts. */
  async restore(file: string): Promise<void> {
    if (this.attached) throw new Error('this playground is run by the CLI; restore it there');
    // required here, not imported: the store module is only evaluated when it is needed
    const { restoreSnapshot } = require('../../cluster/store') as typeof import('../../cluster/store');
    await this.stop();
    const r = await restoreSnapshot(file, this.dataDir);
    this.log(`restored ${file}: revision ${r.revision}, ${r.objects} objects`);
    await this.start();
  }
}
