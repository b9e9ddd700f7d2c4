// The generated OpenAPI definitions (tools/gen-schema.mjs → generated/definitions.json),
// loaded on first need because they are large, and KindSchemas over them.
// Refs inside are OpenAPI v3 style: '#/components/schemas/<definition name>'.
import type { KindSchema, SchemaNode } from './schema';

export const REF_PREFIX = '#/components/schemas/';

let cache: Record<string, SchemaNode> | undefined;

/** All generated definitions by name ('io.k8s.api.apps.v1.Deployment'). */
export function definitions(): Record<string, SchemaNode> {
  if (!cache) {
    try {
      // A static path so the bundler embeds it; evaluated only on first call.
      cache = require('./generated/definitions.json') as Record<string, SchemaNode>;
    } catch (e) {
      throw new Error(`registry: generated/definitions.json is missing; run \`npm run prepare\` (${(e as Error).message})`);
    }
  }
  return cache;
}

export function refName(ref: string): string {
  return ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref.slice(ref.lastIndexOf('/') + 1);
}

/** A KindSchema over a definitions table (the generated one by default). */
export function kindSchema(root: SchemaNode, defs: Record<string, SchemaNode> = definitions()): KindSchema {
  return {
    root,
    deref(node: SchemaNode): SchemaNode {
      let n = node;
      for (let i = 0; i < 8; i++) {
        if (n.$ref) {
          const target = defs[refName(n.$ref)];
          if (!target) return n;
          // Keep the referring node's description (Kubernetes puts field docs next to the $ref).
          n = n.description && !target.description ? { ...target, description: n.description } : target;
          continue;
        }
        if (n.allOf && n.allOf.length === 1 && !n.properties && !n.type) {
          const inner = n.allOf[0];
          const merged: SchemaNode = { ...n, ...inner.$ref ? {} : inner };
          delete merged.allOf;
          if (inner.$ref) { n = { ...this.deref(inner), ...(n.description ? { description: n.description } : {}) }; continue; }
          n = merged;
          continue;
        }
        return n;
      }
      return n;
    },
  };
}

const kindSchemas = new Map<string, KindSchema>();

/** KindSchema of a generated definition, built once. */
export function kindSchemaOf(definition: string): KindSchema | undefined {
  let ks = kindSchemas.get(definition);
  if (!ks) {
    const root = definitions()[definition];
    if (!root) return undefined;
    ks = kindSchema(root);
    kindSchemas.set(definition, ks);
  }
  return ks;
}
