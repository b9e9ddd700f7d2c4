// The embedded playground's lifecycle as the extension sees it: start (in this extension host,
// or attach to one the CLI runs), stop, restart, reset; node operations and snapshots are passed
// to the RunningCluster. Emits a state change the context re-registers its commands on.
import * as fs from 'node:fs';
import type { RunningCluster, RuntimeChoice } from '../../cluster/types';
import { clusterModule, defaultDataDir, runningPlayground, type PlaygroundState } from './embedded';

export type ClusterState = 'stopped' | 'starting' | 'running' | 'attached' | 'stopping' | 'failed' | 'unavailable';

export interface LifecycleSettings { dataDir: string; nodes: number; runtime: RuntimeChoice }

export class PlaygroundLifecycle {
  state: ClusterState = 'stopped';
  error?: string;
  cluster?: RunningCluster;
  attached?: PlaygroundState;
  private readonly listeners = new Set<() => void>();
  private pending?: Promise<void>;

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
    if (existing) { this.attached = existing; this.set('attached'); return; }
    const mod = clusterModule();
    if (!mod?.startCluster) { this.set('unavailable', 'the cluster core is not part of this build'); return; }
    this.set('starting');
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      this.cluster = await mod.startCluster({ dataDir, nodes: s.nodes, runtime: s.runtime, port: 0, log: this.log });
      this.set('running');
    } catch (e) {
      this.cluster = undefined;
      this.set('failed', (e as Error).message);
    }
  }

  /** Stops; pods' containers keep running unless removeContainers (reset). */
  async stop(opts?: { removeContainers?: boolean }): Promise<void> {
    if (this.attached) { this.attached = undefined; this.set('stopped'); return; } // the CLI owns it
    if (!this.cluster) { if (this.state !== 'unavailable') this.set('stopped'); return; }
    this.set('stopping');
    const c = this.cluster;
    this.cluster = undefined;
    try { await c.stop(opts); } finally { this.set('stopped'); }
  }

  async restart(): Promise<void> { await this.stop(); await this.start(); }

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
