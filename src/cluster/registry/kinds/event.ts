// Events in both APIs: core/v1 Event and events.k8s.io/v1 Event, the same objects in two
// shapes. As in Kubernetes, one store holds them (as core/v1) and events.k8s.io/v1 converts
// on the way in and out, so an event any component records shows in both APIs.
// kubectl prints both with one printer: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE.
// Not here: events.k8s.io/v1's stricter create validation (eventTime, reportingController).
import type { KubeObject } from '../../api/types';
import { defineResource } from '../define';
import { column, wide, nameColumn } from '../printers/common';
import { since } from '../printers/duration';
import type { PrinterColumn } from '../types';

interface EventView {
  first?: string; last?: string; eventTime?: string; seriesLast?: string; seriesCount?: number; count?: number;
  type?: string; reason?: string; kind?: string; name?: string; fieldPath?: string;
  component?: string; host?: string; message?: string;
}

function coreView(o: any): EventView {
  return {
    first: o.firstTimestamp, last: o.lastTimestamp, eventTime: o.eventTime, seriesLast: o.series?.lastObservedTime,
    seriesCount: o.series?.count, count: o.count, type: o.type, reason: o.reason, kind: o.involvedObject?.kind,
    name: o.involvedObject?.name, fieldPath: o.involvedObject?.fieldPath,
    component: o.source?.component || o.reportingComponent, host: o.source?.host || o.reportingInstance, message: o.message,
  };
}

function eventsV1View(o: any): EventView {
  return {
    first: o.deprecatedFirstTimestamp, last: o.deprecatedLastTimestamp, eventTime: o.eventTime, seriesLast: o.series?.lastObservedTime,
    seriesCount: o.series?.count, count: o.deprecatedCount, type: o.type, reason: o.reason, kind: o.regarding?.kind,
    name: o.regarding?.name, fieldPath: o.regarding?.fieldPath,
    component: o.deprecatedSource?.component || o.reportingController, host: o.deprecatedSource?.host || o.reportingInstance, message: o.note,
  };
}

function eventColumns(view: (o: KubeObject) => EventView): PrinterColumn[] {
  const firstSeen = (v: EventView, now: number) => (v.first ? since(v.first, now) : since(v.eventTime, now));
  const lastSeen = (v: EventView, now: number) => (v.seriesLast ? since(v.seriesLast, now) : v.last ? since(v.last, now) : firstSeen(v, now));
  const name = nameColumn();
  return [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.', (o, c) => lastSeen(view(o), c.now)),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future', (o) => view(o).type ?? ''),
    column('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.", (o) => view(o).reason ?? ''),
    column('Object', 'The object that this event is about.', (o) => { const v = view(o); const k = (v.kind ?? '').toLowerCase(); return v.name ? `${k}/${v.name}` : k; }),
    column('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', (o) => view(o).fieldPath ?? '', wide),
    column('Source', 'The component reporting this event. Should be a short machine understandable string.', (o) => { const v = view(o); return v.component ? (v.host ? `${v.component}, ${v.host}` : v.component) : ''; }, wide),
    column('Message', 'A human-readable description of the status of this operation.', (o) => (view(o).message ?? '').trim()),
    column('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', (o, c) => firstSeen(view(o), c.now), wide),
    column('Count', 'The number of times this event has occurred.', (o) => { const v = view(o); return v.seriesCount ?? (v.count || 1); }, wide),
    { ...name, priority: 1 },
  ];
}

const coreSelectors = {
  'involvedObject.kind': (o: KubeObject) => o.involvedObject?.kind ?? '',
  'involvedObject.namespace': (o: KubeObject) => o.involvedObject?.namespace ?? '',
  'involvedObject.name': (o: KubeObject) => o.involvedObject?.name ?? '',
  'involvedObject.uid': (o: KubeObject) => o.involvedObject?.uid ?? '',
  'involvedObject.apiVersion': (o: KubeObject) => o.involvedObject?.apiVersion ?? '',
  'involvedObject.resourceVersion': (o: KubeObject) => o.involvedObject?.resourceVersion ?? '',
  'involvedObject.fieldPath': (o: KubeObject) => o.involvedObject?.fieldPath ?? '',
  reason: (o: KubeObject) => o.reason ?? '',
  reportingComponent: (o: KubeObject) => o.reportingComponent ?? '',
  source: (o: KubeObject) => o.source?.component || o.reportingComponent || '',
  type: (o: KubeObject) => o.type ?? '',
};

export const event = defineResource({
  group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'],
  allColumns: eventColumns(coreView),
  fieldSelectors: coreSelectors,
});

// Field renames between the two shapes (Kubernetes' events/v1 conversion): [core, events/v1].
const RENAMES: [string, string][] = [
  ['involvedObject', 'regarding'], ['message', 'note'], ['reportingComponent', 'reportingController'],
  ['source', 'deprecatedSource'], ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'], ['count', 'deprecatedCount'],
];

function rename(o: KubeObject, apiVersion: string, from: 0 | 1): KubeObject {
  const out: KubeObject = { ...o, apiVersion, kind: 'Event' };
  for (const pair of RENAMES) {
    const [a, b] = [pair[from], pair[1 - from]];
    delete out[a];
    if (o[a] !== undefined) out[b] = o[a];
  }
  return out;
}

export const eventsV1 = defineResource({
  group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'],
  storageResource: 'events',
  toStorage: (o) => rename(o, 'v1', 1),
  fromStorage: (o) => rename(o, 'events.k8s.io/v1', 0),
  allColumns: eventColumns(eventsV1View),
  fieldSelectors: {
    'regarding.kind': (o) => o.regarding?.kind ?? '',
    'regarding.namespace': (o) => o.regarding?.namespace ?? '',
    'regarding.name': (o) => o.regarding?.name ?? '',
    'regarding.uid': (o) => o.regarding?.uid ?? '',
    'regarding.apiVersion': (o) => o.regarding?.apiVersion ?? '',
    'regarding.resourceVersion': (o) => o.regarding?.resourceVersion ?? '',
    'regarding.fieldPath': (o) => o.regarding?.fieldPath ?? '',
    reason: (o) => o.reason ?? '',
    reportingController: (o) => o.reportingController ?? '',
    type: (o) => o.type ?? '',
    // The core names are accepted too: both APIs serve the same events.
    'involvedObject.kind': (o) => o.regarding?.kind ?? '',
    'involvedObject.namespace': (o) => o.regarding?.namespace ?? '',
    'involvedObject.name': (o) => o.regarding?.name ?? '',
    'involvedObject.uid': (o) => o.regarding?.uid ?? '',
  },
});
