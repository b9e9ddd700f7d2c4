// Virtual document addresses: kpg-describe:/Kind/ns/name.describe (read-only, rendered here),
// kpg-yaml:/Kind/ns/name.yaml?apiVersion=… (editable; saving replaces the live object),
// kpg-manifest:/… (a local manifest document, the right side of a diff). "_" = cluster-scoped.
import * as vscode from 'vscode';
import type { Ref } from '../kube/objects';

export const DESCRIBE = 'kpg-describe';
export const YAML = 'kpg-yaml';
export const MANIFEST = 'kpg-manifest';

export function uriFor(scheme: string, ref: Ref, ext: string): vscode.Uri {
  return vscode.Uri.from({ scheme, path: `/${ref.kind}/${ref.namespace ?? '_'}/${ref.name}.${ext}`, query: `apiVersion=${encodeURIComponent(ref.apiVersion)}` });
}

export function refFromUri(uri: vscode.Uri): Ref {
  const [, kind, ns, file] = uri.path.split('/');
  const name = file.replace(/\.[a-z]+$/, '');
  const apiVersion = decodeURIComponent(new URLSearchParams(uri.query).get('apiVersion') ?? 'v1');
  return { kind, namespace: ns === '_' ? undefined : ns, name, apiVersion };
}
