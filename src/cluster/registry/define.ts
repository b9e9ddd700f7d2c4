// Fills in what every built-in ResourceDef shares, so a kind file states only what is its own.
import type { KubeObject, StatusCause } from '../api/types';
import type { KindSchema } from './schema';
import type { FieldSelectorGetter, PrinterColumn, ResourceDef, Strategy, Subresources, Verb } from './types';
import { ALL_VERBS } from './types';
import { kindSchemaOf } from './definitions';
import { ageColumn, nameColumn } from './printers/common';
import { validateObjectMeta, type NameCheck } from './validation/objectMeta';

export interface ResourceSpec {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: Verb[];
  preferred?: boolean;
  subresources?: Subresources;
  /** Columns between NAME and AGE; `ageAt` places AGE elsewhere (after the n-th extra column). */
  columns?: PrinterColumn[];
  /** Full column list, replacing NAME + columns + AGE. */
  allColumns?: PrinterColumn[];
  ageAt?: number;
  /** NAME cell when it is more than metadata.name (StorageClass "(default)"). */
  nameCell?: (obj: KubeObject) => string;
  definition?: string;
  defaults?: (obj: KubeObject) => void;
  prepareForCreate?: (obj: KubeObject) => void;
  /** Kind-specific checks; metadata checks are added in front. */
  validate?: (obj: KubeObject, old?: KubeObject) => StatusCause[];
  /** Name syntax check; DNS-1123 subdomain unless given (namespaces: label, services: DNS-1035). */
  nameCheck?: NameCheck;
  /** No name validation at all (metrics). */
  skipNameValidation?: boolean;
  strategy?: Partial<Strategy>;
  fieldSelectors?: Record<string, FieldSelectorGetter>;
  readOnly?: boolean;
  toStorage?: (obj: KubeObject) => KubeObject;
  fromStorage?: (obj: KubeObject) => KubeObject;
  storageResource?: string;
}

const metaSelectors = (namespaced: boolean): Record<string, FieldSelectorGetter> => namespaced
  ? { 'metadata.name': (o) => o.metadata?.name ?? '', 'metadata.namespace': (o) => o.metadata?.namespace ?? '' }
  : { 'metadata.name': (o) => o.metadata?.name ?? '' };

export function defineResource(s: ResourceSpec): ResourceDef {
  const gr = s.group ? `${s.plural}.${s.group}` : s.plural;
  const hasStatus = !!s.subresources?.status;
  const columns = s.allColumns ?? (() => {
    const extra = s.columns ?? [];
    const at = s.ageAt ?? extra.length;
    const name = nameColumn();
    if (s.nameCell) name.cell = s.nameCell;
    return [name, ...extra.slice(0, at), ageColumn(), ...extra.slice(at)];
  })();
  let schema: KindSchema | undefined;
  let schemaLoaded = false;
  const def: ResourceDef = {
    group: s.group,
    version: s.version,
    kind: s.kind,
    listKind: `${s.kind}List`,
    plural: s.plural,
    singular: s.kind.toLowerCase(),
    shortNames: s.shortNames ?? [],
    namespaced: s.namespaced,
    categories: s.categories ?? [],
    verbs: s.verbs ?? ALL_VERBS,
    gr,
    apiVersion: s.group ? `${s.group}/${s.version}` : s.version,
    preferred: s.preferred ?? true,
    storage: s.preferred ?? true,
    subresources: s.subresources ?? {},
    columns,
    definition: s.definition ?? defaultDefinition(s.group, s.version, s.kind),
    get schema(): KindSchema | undefined {
      if (!schemaLoaded) { schemaLoaded = true; schema = def.definition ? kindSchemaOf(def.definition) : undefined; }
      return schema;
    },
    defaults: s.defaults ?? (() => {}),
    prepareForCreate: s.prepareForCreate,
    validate(obj, old) {
      const causes = s.skipNameValidation ? [] : validateObjectMeta(obj, s.namespaced, s.nameCheck ?? false, old);
      return s.validate ? causes.concat(s.validate(obj, old)) : causes;
    },
    strategy: {
      resetStatusOnCreate: hasStatus,
      bumpGenerationOnSpecChange: hasStatus,
      preserveStatusOnUpdate: hasStatus,
      ...s.strategy,
    },
    fieldSelectors: { ...metaSelectors(s.namespaced), ...s.fieldSelectors },
    readOnly: s.readOnly,
    toStorage: s.toStorage,
    fromStorage: s.fromStorage,
    ...(s.storageResource ? { storageResource: s.storageResource } : {}),
  };
  return def;
}

/** The OpenAPI definition name Kubernetes publishes for a built-in kind. */
export function defaultDefinition(group: string, version: string, kind: string): string {
  if (group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}.${kind}`;
  if (group === 'metrics.k8s.io') return `io.k8s.metrics.pkg.apis.metrics.${version}.${kind}`;
  const short = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '').replace(/\.authorization$/, '');
  return `io.k8s.api.${short}.${version}.${kind}`;
}
