// What the registry says about one served resource (one group/version/kind): the single
// description from which discovery, OpenAPI, tables, explain, defaulting, validation and the
// editor are derived (design.md rule 3). A kind served in two versions (HPA autoscaling/v1
// and v2) is two ResourceDefs sharing `gr`; the preferred one is the storage version.
import type { KubeObject, StatusCause } from '../api/types';
import type { KindSchema } from './schema';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export const ALL_VERBS: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export const READ_VERBS: Verb[] = ['get', 'list'];

export interface CellContext {
  /** Milliseconds since the epoch; AGE and friends are computed against it. */
  now: number;
}

export type Cell = string | number | boolean | null;

/** meta/v1 TableColumnDefinition plus how to compute its cell. */
export interface PrinterColumn {
  /** As the server sends it ("Name", "Up-to-date"); kubectl upper-cases it. */
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 1 = only with `-o wide`. */
  priority: 0 | 1;
  cell(obj: KubeObject, ctx: CellContext): Cell;
}

export interface ScaleSubresource {
  /** JSON paths in CRD form, e.g. '.spec.replicas'. */
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export type ConnectSubresource = 'log' | 'exec' | 'attach' | 'portforward' | 'binding' | 'eviction' | 'proxy';

export interface Subresources {
  status?: boolean;
  scale?: ScaleSubresource;
  connect?: ConnectSubresource[];
}

/** How writes treat spec/status (Kubernetes' rest strategies). */
export interface Strategy {
  /** POST drops any status the client sent (PrepareForCreate). */
  resetStatusOnCreate: boolean;
  /** metadata.generation += 1 when anything but metadata/status changes. */
  bumpGenerationOnSpecChange: boolean;
  /** PUT/PATCH on the main resource keeps the stored status (only /status changes it). */
  preserveStatusOnUpdate: boolean;
}

export type FieldSelectorGetter = (obj: KubeObject) => string;

export interface ResourceDef {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  categories: string[];
  verbs: Verb[];
  /** Group-qualified plural: 'pods', 'deployments.apps'. */
  gr: string;
  /** 'v1' or 'apps/v1'. */
  apiVersion: string;
  /** This version is the group's preferred (and storage) version for this resource. */
  preferred: boolean;
  /** The version objects are stored in (CRDs: spec.versions[].storage; built-ins: the preferred one). */
  storage?: boolean;
  /**
   * Another group's resource whose storage this one shares (events.k8s.io Event → 'events',
   * as Kubernetes serves both Event APIs from one store); objects convert with to/fromStorage.
   */
  storageResource?: string;
  /** A deprecated version's Warning (CRD versions marked deprecated), sent with every answer. */
  deprecationWarning?: string;
  /** Set for custom resources: the CRD's name. Validate them with validateAgainstSchema(obj, schema, mode, { crd: true }). */
  crdName?: string;
  subresources: Subresources;
  /** Table columns including the leading Name column, in server order. */
  columns: PrinterColumn[];
  /** OpenAPI definition name, e.g. 'io.k8s.api.apps.v1.Deployment' (absent for CRDs). */
  definition?: string;
  /** Schema of the kind, $refs resolvable; computed lazily on first access. */
  readonly schema?: KindSchema;
  /** Kubernetes' defaulting, applied in place (create and update, after decoding). */
  defaults(obj: KubeObject): void;
  /**
   * Create-time preparation after defaulting and after a reset status is dropped
   * (Kubernetes' PrepareForCreate): pod phase Pending, namespace phase Active, job selector.
   * The API server calls: defaults → (resetStatusOnCreate: delete status) → prepareForCreate → validate.
   */
  prepareForCreate?(obj: KubeObject): void;
  /** Semantic validation; `old` on update. Causes carry Kubernetes' reason, field path and message. */
  validate(obj: KubeObject, old?: KubeObject): StatusCause[];
  strategy: Strategy;
  /** Supported field selector keys → value getters (metadata.name/namespace always). */
  fieldSelectors: Record<string, FieldSelectorGetter>;
  /**
   * Non-preferred versions (and resources with a storageResource): convert a body of this
   * version to the stored one, and a stored object back to this version for responses.
   */
  toStorage?(obj: KubeObject): KubeObject;
  fromStorage?(obj: KubeObject): KubeObject;
  /** True for resources that only exist as reads served by someone else (metrics). */
  readOnly?: boolean;
}

export interface GroupVersions {
  group: string;
  versions: string[];
  preferredVersion: string;
}
