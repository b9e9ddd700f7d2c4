// The store's contract, in place of etcd (kine-shaped: one log, revision = resourceVersion).
// Keys look like `/registry/<group-qualified resource>/<namespace>/<name>` (cluster-scoped
// objects have no namespace segment). Values are Kubernetes objects as plain JSON; the store
// writes the revision of each write into `metadata.resourceVersion` of the stored value.

export interface StoredObject {
  key: string;
  /** Parsed object; metadata.resourceVersion === String(modRevision). Treat as read-only. */
  value: any;
  createRevision: number;
  modRevision: number;
}

export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  revision: number;
  /** The object after the event; for DELETED the last state, with resourceVersion = the delete's revision. */
  value: any;
  prevValue?: any;
}

export interface ListResult {
  items: StoredObject[];
  /** The revision the list is consistent at. */
  revision: number;
  /** Opaque token to pass as `continue` for the next page; absent on the last page. */
  continue?: string;
  remaining?: number;
}

export interface WatchSubscription {
  stop(): void;
}

export class StoreError extends Error {
  constructor(
    readonly code: 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired' | 'Closed' | 'Corrupt',
    message: string,
    readonly key?: string,
    /** For Conflict: the current object. */
    readonly current?: StoredObject,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface Store {
  readonly revision: number;
  /** Oldest revision a watch may still start from (inclusive lower bound - 1 is expired). */
  readonly compactedRevision: number;
  get(key: string): StoredObject | undefined;
  list(prefix: string, opts?: { limit?: number; continue?: string; revision?: number }): ListResult;
  /** Resolves once the write is durable on disk. AlreadyExists if present. */
  create(key: string, value: any): Promise<StoredObject>;
  /** Compare-and-swap on modRevision when expectedRevision is given; Conflict otherwise. */
  update(key: string, value: any, expectedRevision?: number): Promise<StoredObject>;
  delete(key: string, expectedRevision?: number): Promise<StoredObject>;
  /**
   * Every event on keys under prefix with revision > fromRevision, in order, exactly once,
   * then live ones. Throws StoreError('Expired') if fromRevision < compactedRevision.
   */
  watch(prefix: string, fromRevision: number, onEvent: (e: StoreEvent) => void): WatchSubscription;
  compact(revision: number): Promise<void>;
  /** Writes a consistent snapshot of the whole state to file (backup). */
  saveSnapshot(file: string): Promise<{ revision: number; bytes: number }>;
  close(): Promise<void>;
}
