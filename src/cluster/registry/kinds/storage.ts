// Volumes: core/v1 PersistentVolume and PersistentVolumeClaim, storage.k8s.io/v1 StorageClass.
// Not here: binding and provisioning (controllers).
import type { KubeObject } from '../../api/types';
import { defineResource } from '../define';
import { column, wide } from '../printers/common';
import { accessModes } from '../printers/formats';
import { immutable, notSupported, required } from '../validation/field';

const storageClassOf = (o: KubeObject) => o.spec?.storageClassName ?? o.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
const ACCESS = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export const persistentVolume = defineResource({
  group: '', version: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false,
  shortNames: ['pv'], subresources: { status: true },
  strategy: { bumpGenerationOnSpecChange: false },
  columns: [
    column('Capacity', 'capacity is the description of the persistent volume\'s resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity', (o) => o.spec?.capacity?.storage ?? ''),
    column('Access Modes', 'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes', (o) => accessModes(o.spec?.accessModes)),
    column('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.', (o) => o.spec?.persistentVolumeReclaimPolicy ?? ''),
    column('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase', (o) => (o.metadata?.deletionTimestamp ? 'Terminating' : o.status?.phase ?? '')),
    column('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.', (o) => (o.spec?.claimRef ? `${o.spec.claimRef.namespace}/${o.spec.claimRef.name}` : '')),
    column('StorageClass', 'StorageClass of the pv', storageClassOf),
    column('VolumeAttributesClass', 'Name of VolumeAttributesClass to which this persistent volume belongs. Empty value is not allowed.', (o) => o.spec?.volumeAttributesClassName ?? '<unset>'),
    column('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.', (o) => o.status?.reason ?? ''),
    column('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.', (o) => o.spec?.volumeMode ?? '<unset>', wide),
  ],
  ageAt: 8,
  defaults(obj) {
    obj.spec ??= {};
    obj.spec.persistentVolumeReclaimPolicy ??= 'Retain';
    obj.spec.volumeMode ??= 'Filesystem';
  },
  prepareForCreate(obj) { obj.status = { phase: 'Pending' }; },
  validate(o) {
    const causes = [];
    if (!o.spec?.accessModes?.length) causes.push(required('spec.accessModes'));
    for (const [i, m] of (o.spec?.accessModes ?? []).entries()) if (!ACCESS.includes(m)) causes.push(notSupported(`spec.accessModes[${i}]`, m, ACCESS));
    if (!o.spec?.capacity?.storage) causes.push(required('spec.capacity'));
    return causes;
  },
});

export const persistentVolumeClaim = defineResource({
  group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true,
  shortNames: ['pvc'], subresources: { status: true },
  strategy: { bumpGenerationOnSpecChange: false },
  columns: [
    column('Status', 'phase represents the current phase of PersistentVolumeClaim.', (o) => (o.metadata?.deletionTimestamp ? 'Terminating' : o.status?.phase ?? '')),
    column('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.', (o) => o.spec?.volumeName ?? ''),
    column('Capacity', 'capacity represents the actual resources of the underlying volume.', (o) => (o.spec?.volumeName ? o.status?.capacity?.storage ?? '' : '')),
    column('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1', (o) => (o.spec?.volumeName ? accessModes(o.status?.accessModes) : '')),
    column('StorageClass', 'StorageClass of the pvc', storageClassOf),
    column('VolumeAttributesClass', 'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.', (o) => o.spec?.volumeAttributesClassName ?? '<unset>'),
    column('VolumeMode', 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.', (o) => o.spec?.volumeMode ?? '<unset>', wide),
  ],
  ageAt: 6,
  defaults(obj) {
    obj.spec ??= {};
    obj.spec.volumeMode ??= 'Filesystem';
  },
  prepareForCreate(obj) { obj.status = { phase: 'Pending' }; },
  validate(o, old) {
    const causes = [];
    if (!o.spec?.accessModes?.length) causes.push(required('spec.accessModes'));
    for (const [i, m] of (o.spec?.accessModes ?? []).entries()) if (!ACCESS.includes(m)) causes.push(notSupported(`spec.accessModes[${i}]`, m, ACCESS));
    if (!o.spec?.resources?.requests?.storage) causes.push(required('spec.resources[storage]'));
    if (old) {
      const strip = (s: any) => { const c = { ...s }; delete c.resources; delete c.volumeName; delete c.volumeAttributesClassName; return c; };
      if (JSON.stringify(strip(o.spec ?? {})) !== JSON.stringify(strip(old.spec ?? {}))) {
        causes.push({ reason: 'FieldValueForbidden', field: 'spec', message: 'Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims' });
      }
    }
    return causes;
  },
});

export const storageClass = defineResource({
  group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', plural: 'storageclasses', namespaced: false,
  shortNames: ['sc'],
  nameCell: (o) => (o.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ? `${o.metadata.name} (default)` : o.metadata?.name ?? ''),
  columns: [
    column('Provisioner', 'provisioner indicates the type of the provisioner.', (o) => o.provisioner ?? ''),
    column('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.', (o) => o.reclaimPolicy ?? 'Delete'),
    column('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.', (o) => o.volumeBindingMode ?? 'Immediate'),
    column('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.', (o) => String(!!o.allowVolumeExpansion)),
  ],
  defaults(obj) {
    obj.reclaimPolicy ??= 'Delete';
    obj.volumeBindingMode ??= 'Immediate';
  },
  validate(o, old) {
    const causes = [];
    if (!o.provisioner) causes.push(required('provisioner'));
    if (old) {
      causes.push(...immutable('parameters', o.parameters, old.parameters));
      causes.push(...immutable('provisioner', o.provisioner, old.provisioner));
      causes.push(...immutable('reclaimPolicy', o.reclaimPolicy, old.reclaimPolicy));
      causes.push(...immutable('volumeBindingMode', o.volumeBindingMode, old.volumeBindingMode));
    }
    return causes;
  },
});
