// Test harness for reconcile tests: a controller over a FakeClient with preloaded objects,
// informer caches synced, no workers running (tests call reconcile(key) themselves).
import type { Controller } from '../../../src/cluster/client/controller';
import { FakeClient } from './fakeClient';

export async function synced<C extends Controller>(objs: Array<[string, any]>, make: (c: FakeClient) => C): Promise<{ c: FakeClient; ctrl: C; stop(): void; settle(): Promise<void> }> {
  const c = new FakeClient(objs);
  const ctrl = make(c);
  const ac = new AbortController();
  ctrl.informers.start(ac.signal);
  await ctrl.informers.waitForSync(ac.signal);
  ctrl.queue.shutDown();
  c.clearActions();
  return { c, ctrl, stop: () => ac.abort(), settle: () => new Promise((r) => setTimeout(r, 10)) };
}
