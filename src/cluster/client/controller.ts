// Controller: the sample-controller loop. Informers feed keys into a rate-limited WorkQueue;
// N workers take a key, run the level-triggered reconcile(key), forget it on success and
// requeue it with backoff on error. Subclasses register informers/handlers in their
// constructor and implement reconcile(); all reads come from informers, all writes go
// through the ApiClient.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import type { ApiClient } from './types';
import { InformerFactory, metaNamespaceKey, type SharedInformer } from './informer';
import { WorkQueue, type WorkQueueOptions } from './workqueue';

export interface ControllerConfig {
  client: ApiClient;
  /** Shared informers; one is made when absent. */
  informers?: InformerFactory;
  log?: (line: string) => void;
  workers?: number;
  queue?: WorkQueueOptions;
}

export abstract class Controller {
  readonly client: ApiClient;
  readonly informers: InformerFactory;
  readonly queue: WorkQueue<string>;
  protected readonly log: (line: string) => void;
  protected readonly workers: number;
  private readonly watched: SharedInformer<any>[] = [];
  private running: Promise<void>[] = [];

  constructor(readonly name: string, config: ControllerConfig) {
    if (!config || !config.client) throw new Error(`${name}: config.client is required`);
    if (config.workers !== undefined && (!Number.isInteger(config.workers) || config.workers < 1)) {
      throw new Error(`${name}: config.workers must be a positive integer`);
    }
    this.client = config.client;
    this.informers = config.informers ?? new InformerFactory(config.client, { log: config.log });
    this.queue = new WorkQueue<string>(config.queue);
    this.log = config.log ?? (() => {});
    this.workers = config.workers ?? 2;
  }

  /** Level-triggered: make the world match the object at `key` (which may be gone). */
  abstract reconcile(key: string): Promise<void>;

  /** An informer this controller needs synced before workers start. */
  protected informer<T extends KubeObject = KubeObject>(resource: string, opts?: { namespace?: string; labelSelector?: string; fieldSelector?: string }): SharedInformer<T> {
    const inf = this.informers.informer<T>(resource, opts);
    if (!this.watched.includes(inf)) this.watched.push(inf);
    return inf;
  }

  enqueue(obj: KubeObject | string): void {
    this.queue.add(typeof obj === 'string' ? obj : metaNamespaceKey(obj));
  }

  /** Starts informers, waits for their caches, runs workers until the signal aborts. */
  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => this.queue.shutDown(), { once: true });
    this.informers.start(signal);
    for (const inf of this.watched) inf.start(signal);
    for (const inf of this.watched) await inf.waitForSync(signal);
    if (signal.aborted) return;
    for (let i = 0; i < this.workers; i++) this.running.push(this.worker());
  }

  /** Resolves when every worker has exited (after shutdown). */
  async stopped(): Promise<void> { await Promise.all(this.running); }

  private async worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      await this.processOne(key);
    }
  }

  /** Runs reconcile for one key with the forget/requeue rule (exposed for tests). */
  async processOne(key: string): Promise<void> {
    try {
      await this.reconcile(key);
      this.queue.forget(key);
    } catch (err) {
      if (!this.queue.isShuttingDown) {
        // Conflicts are expected races with other writers: retry quietly.
        if (!isApiError(err, 'Conflict')) this.log(`${this.name}: error syncing "${key}": ${(err as Error).message}`);
        this.queue.addRateLimited(key);
      }
    } finally {
      this.queue.done(key);
    }
  }
}
