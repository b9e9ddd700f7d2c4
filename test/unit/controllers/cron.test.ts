import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mostRecent, nextAfter, parseCron } from '../../../src/cluster/controllers/cron';

const at = (s: string) => Date.parse(s);
const iso = (n?: number) => (n === undefined ? undefined : new Date(n).toISOString());

test('cron: steps, ranges, lists, names and descriptors', () => {
  assert.equal(iso(nextAfter(parseCron('*/5 * * * *'), at('2026-01-01T10:03:00Z'))), '2026-01-01T10:05:00.000Z');
  assert.equal(iso(nextAfter(parseCron('0 9-17/4 * * mon-fri'), at('2026-01-02T13:00:00Z'))), '2026-01-02T17:00:00.000Z');
  assert.equal(iso(nextAfter(parseCron('0 9-17/4 * * mon-fri'), at('2026-01-02T17:00:00Z'))), '2026-01-05T09:00:00.000Z'); // Fri → Mon
  assert.equal(iso(nextAfter(parseCron('15,45 * * * *'), at('2026-01-01T10:20:00Z'))), '2026-01-01T10:45:00.000Z');
  assert.equal(iso(nextAfter(parseCron('@hourly'), at('2026-01-01T10:20:00Z'))), '2026-01-01T11:00:00.000Z');
  assert.equal(iso(nextAfter(parseCron('0 0 1 jan *'), at('2026-03-01T00:00:00Z'))), '2027-01-01T00:00:00.000Z');
  assert.throws(() => parseCron('* * *'), /expected exactly 5 fields/);
  assert.throws(() => parseCron('61 * * * *'));
  const r = mostRecent(parseCron('*/5 * * * *'), at('2026-01-01T10:00:00Z'), at('2026-01-01T10:17:00Z'));
  assert.equal(iso(r.time), '2026-01-01T10:15:00.000Z');
  assert.equal(r.missed, 3);
});
