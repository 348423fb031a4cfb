import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * One document for the one base URL: each service's paths under `/api/<service>`,
 * its schemas prefixed with the service name so two services' `CentreView` never
 * collide.
 */
export function mergeOpenApi(gateway: OpenAPIObject, services: Record<string, OpenAPIObject>): OpenAPIObject {
  const merged: OpenAPIObject = {
    ...gateway,
    paths: { ...gateway.paths },
    components: { ...gateway.components, schemas: { ...(gateway.components?.schemas ?? {}) } },
    tags: [...(gateway.tags ?? [])],
  };
  for (const [name, doc] of Object.entries(services)) {
    const prefix = `${pascal(name)}_`;
    const rename = (value: unknown): unknown =>
      JSON.parse(
        JSON.stringify(value).replaceAll('"#/components/schemas/', `"#/components/schemas/${prefix}`),
      );
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      const withTags = Object.fromEntries(
        Object.entries(rename(item) as Record<string, { tags?: string[] }>).map(([method, op]) => [
          method,
          typeof op === 'object' && op !== null
            ? { ...op, tags: (op.tags ?? []).map((t) => `${name}: ${t}`) }
            : op,
        ]),
      );
      merged.paths[`/api/${name}${path}`] = withTags;
    }
    for (const [schema, definition] of Object.entries(doc.components?.schemas ?? {})) {
      (merged.components?.schemas ?? {})[`${prefix}${schema}`] = rename(definition) as never;
    }
  }
  return merged;
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/** Fetches each service's document, waiting a while for services that are still starting. */
export async function fetchServiceDocuments(
  services: Record<string, string>,
  waitMs: number,
  onMissing: (name: string) => void,
): Promise<Record<string, OpenAPIObject>> {
  const deadline = Date.now() + waitMs;
  const documents: Record<string, OpenAPIObject> = {};
  for (const [name, url] of Object.entries(services)) {
    for (;;) {
      try {
        const res = await fetch(`${url}/docs/openapi.json`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) {
          documents[name] = (await res.json()) as OpenAPIObject;
          break;
        }
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) {
        onMissing(name);
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return documents;
}
