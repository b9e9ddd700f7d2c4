// PersistentVolumeController: the PV binder and the playground's host-path provisioner.
// Keeps a default StorageClass `standard` (provisioner playground.local/hostpath, Immediate,
// reclaimPolicy Delete). A Pending claim is bound to a matching Available PV (class, access
// modes, capacity) or, for the playground provisioner, to a new PV `pvc-<claim uid>` whose
// hostPath is a fresh directory under <dataDir>/volumes/. Bound: PV claimRef + phase Bound,
// PVC volumeName + phase Bound + capacity. When the claim goes, Delete removes the PV and its
// directory; Retain leaves the PV Released. Not implemented: WaitForFirstConsumer, selectors
// on claims, volume expansion, other provisioners (their claims stay Pending).
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { EventRecorder } from '../client/events';
import type { SharedInformer } from '../client/informer';
import { parseQuantity } from '../scheduler/resources';

export const PROVISIONER = 'playground.local/hostpath';
const DEFAULT_CLASS_ANN = 'storageclass.kubernetes.io/is-default-class';

export interface PersistentVolumeConfig extends ControllerConfig {
  dataDir: string;
}

export class PersistentVolumeController extends Controller {
  readonly pvcs: SharedInformer;
  readonly pvs: SharedInformer;
  readonly classes: SharedInformer;
  private readonly volumesDir: string;
  private readonly recorder: EventRecorder;

  constructor(config: PersistentVolumeConfig) {
    super('persistentvolume-binder-controller', { ...config, workers: 1 });
    if (!config.dataDir) throw new Error('persistentvolume-binder-controller: dataDir is required');
    this.volumesDir = resolve(config.dataDir, 'volumes');
    this.recorder = new EventRecorder(this.client, 'persistentvolume-controller', this.log);
    this.pvcs = this.informer('persistentvolumeclaims');
    this.pvs = this.informer('persistentvolumes');
    this.classes = this.informer('storageclasses.storage.k8s.io');
    this.pvcs.addEventHandler({
      onAdd: (c) => this.enqueue(`claim|${c.metadata.namespace}/${c.metadata.name}`),
      onUpdate: (_o, c) => this.enqueue(`claim|${c.metadata.namespace}/${c.metadata.name}`),
      onDelete: (c) => { if (c.spec?.volumeName) this.enqueue(`volume|${c.spec.volumeName}`); },
    });
    this.pvs.addEventHandler({
      onAdd: (v) => { this.enqueue(`volume|${v.metadata.name}`); this.pendingClaims(); },
      onUpdate: (_o, v) => this.enqueue(`volume|${v.metadata.name}`),
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    await super.start(signal);
    this.enqueue('class|standard');
  }

  private pendingClaims(): void {
    for (const c of this.pvcs.list()) if (c.status?.phase !== 'Bound') this.enqueue(`claim|${c.metadata.namespace}/${c.metadata.name}`);
  }

  async reconcile(item: string): Promise<void> {
    const [kind, key] = item.split('|');
    if (kind === 'class') return this.ensureDefaultClass();
    if (kind === 'claim') return this.syncClaim(key);
    if (kind === 'volume') return this.syncVolume(key);
  }

  private async ensureDefaultClass(): Promise<void> {
    if (this.classes.list().some((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANN] === 'true') || this.classes.get('standard')) return;
    try {
      await this.client.create('storageclasses.storage.k8s.io', undefined, {
        apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
        metadata: { name: 'standard', annotations: { [DEFAULT_CLASS_ANN]: 'true' } },
        provisioner: PROVISIONER, reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate',
      });
    } catch (err) { if (!isApiError(err, 'AlreadyExists')) throw err; }
  }

  private defaultClass(): KubeObject | undefined {
    return this.classes.list().find((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANN] === 'true');
  }

  private async syncClaim(key: string): Promise<void> {
    const claim = this.pvcs.get(key);
    if (!claim || claim.metadata.deletionTimestamp) return;
    if (claim.spec?.volumeName) {
      const pv = this.pvs.get(claim.spec.volumeName);
      if (pv && claim.status?.phase !== 'Bound' && pv.spec?.claimRef?.uid === claim.metadata.uid) await this.markClaimBound(claim, pv);
      if (!pv && claim.status?.phase === 'Bound') await this.setClaimPhase(claim, 'Lost');
      return;
    }
    // Normally set at admission (DefaultStorageClass); without it, the default class applies.
    const className: string | undefined = claim.spec?.storageClassName ?? this.defaultClass()?.metadata.name;
    if (className === undefined) return;
    const want = parseQuantity(claim.spec?.resources?.requests?.storage);
    const modes: string[] = claim.spec?.accessModes ?? [];
    const match = this.pvs.list()
      .filter((pv) => pv.status?.phase === 'Available' && !pv.spec?.claimRef && (pv.spec?.storageClassName ?? '') === className
        && parseQuantity(pv.spec?.capacity?.storage) >= want && modes.every((m) => (pv.spec?.accessModes ?? []).includes(m)))
      .sort((a, b) => parseQuantity(a.spec?.capacity?.storage) - parseQuantity(b.spec?.capacity?.storage))[0];
    if (match) return this.bind(claim, match);
    const cls = this.classes.get(className);
    if (cls?.provisioner !== PROVISIONER) {
      if (claim.status?.phase !== 'Pending') await this.setClaimPhase(claim, 'Pending');
      return;
    }
    await this.provision(claim, cls);
  }

  private async provision(claim: KubeObject, cls: KubeObject): Promise<void> {
    const name = `pvc-${claim.metadata.uid}`;
    if (this.pvs.get(name)) return;
    const dir = join(this.volumesDir, name);
    await mkdir(dir, { recursive: true });
    const pv: KubeObject = {
      apiVersion: 'v1', kind: 'PersistentVolume',
      metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': PROVISIONER }, finalizers: ['kubernetes.io/pv-protection'] },
      spec: {
        capacity: { storage: claim.spec?.resources?.requests?.storage ?? '1Gi' },
        accessModes: claim.spec?.accessModes ?? ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
        storageClassName: cls.metadata.name,
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
        hostPath: { path: dir, type: 'DirectoryOrCreate' },
        claimRef: claimRef(claim),
      },
    };
    try {
      await this.client.create('persistentvolumes', undefined, pv);
      this.recorder.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name} using ${PROVISIONER}`);
    } catch (err) { if (!isApiError(err, 'AlreadyExists')) throw err; }
  }

  private async bind(claim: KubeObject, pv: KubeObject): Promise<void> {
    const nextPv = structuredClone(pv);
    nextPv.spec.claimRef = claimRef(claim);
    nextPv.metadata.annotations = { ...(nextPv.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes' };
    await this.client.update('persistentvolumes', undefined, nextPv);
  }

  private async syncVolume(name: string): Promise<void> {
    const pv = this.pvs.get(name);
    if (!pv) return;
    const ref = pv.spec?.claimRef;
    if (!ref) { if (pv.status?.phase !== 'Available') await this.setVolumePhase(pv, 'Available'); return; }
    const claim = this.pvcs.get(`${ref.namespace}/${ref.name}`);
    const claimGone = !claim || (ref.uid && claim.metadata.uid !== ref.uid);
    if (claimGone) {
      // Double-check with the server: the informer may lag a just-created claim.
      try {
        const live = await this.client.get('persistentvolumeclaims', ref.namespace, ref.name);
        if (!ref.uid || live.metadata.uid === ref.uid) return;
      } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
      if (pv.status?.phase === 'Bound' || pv.status?.phase === 'Available' || !pv.status?.phase) {
        if ((pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain') === 'Delete') return this.reclaimDelete(pv);
        if (pv.status?.phase !== 'Released') await this.setVolumePhase(pv, 'Released');
      }
      return;
    }
    if (pv.status?.phase !== 'Bound') await this.setVolumePhase(pv, 'Bound');
    if (claim.spec?.volumeName !== name) {
      const next = structuredClone(claim);
      next.spec.volumeName = name;
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' };
      await this.client.update('persistentvolumeclaims', claim.metadata.namespace, next);
      return;
    }
    if (claim.status?.phase !== 'Bound') await this.markClaimBound(claim, pv);
  }

  private async reclaimDelete(pv: KubeObject): Promise<void> {
    const path: string | undefined = pv.spec?.hostPath?.path;
    if (pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] === PROVISIONER && path && resolve(path).startsWith(this.volumesDir + sep)) {
      await rm(path, { recursive: true, force: true });
    }
    try {
      await this.client.delete('persistentvolumes', undefined, pv.metadata.name!);
      const cur = await this.client.get('persistentvolumes', undefined, pv.metadata.name!).catch(() => undefined);
      if (cur && (cur.metadata.finalizers ?? []).includes('kubernetes.io/pv-protection')) {
        cur.metadata.finalizers = cur.metadata.finalizers!.filter((f) => f !== 'kubernetes.io/pv-protection');
        await this.client.update('persistentvolumes', undefined, cur);
      }
    } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
  }

  private async markClaimBound(claim: KubeObject, pv: KubeObject): Promise<void> {
    const next = structuredClone(claim);
    next.status = { ...(next.status ?? {}), phase: 'Bound', accessModes: pv.spec?.accessModes, capacity: pv.spec?.capacity };
    await this.client.update('persistentvolumeclaims', claim.metadata.namespace, next, { subresource: 'status' });
  }

  private async setClaimPhase(claim: KubeObject, phase: string): Promise<void> {
    const next = structuredClone(claim);
    next.status = { ...(next.status ?? {}), phase };
    await this.client.update('persistentvolumeclaims', claim.metadata.namespace, next, { subresource: 'status' });
  }

  private async setVolumePhase(pv: KubeObject, phase: string): Promise<void> {
    const next = structuredClone(pv);
    next.status = { ...(next.status ?? {}), phase };
    await this.client.update('persistentvolumes', undefined, next, { subresource: 'status' });
  }
}

function claimRef(claim: KubeObject): any {
  return { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion };
}
