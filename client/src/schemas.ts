/**
 * The schemas of @volley/shared, loaded once, when the library first validates something from the
 * server (a response, an op's answer, a stream): apart from a page's first load, since zod and the
 * schemas weigh more than the page's own script (docs/architecture.md, "Schemas apart from the
 * first load"). Nothing from the server is used before it is validated: what needs a schema waits
 * for this module (the API client starts loading it with the request, so both travel at once).
 */
export type Schemas = typeof import('@volley/shared/schemas');

let loading: Promise<Schemas> | undefined;
let loaded: Schemas | undefined;

/** The schemas, loading them on the first call; a failed load is tried again on the next. */
export function loadSchemas(): Promise<Schemas> {
  loading ??= import('@volley/shared/schemas').then(
    (schemas) => (loaded = schemas),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The schemas once loaded, for a reader that cannot wait (it calls `loadSchemas` and reads again). */
export const loadedSchemas = (): Schemas | undefined => loaded;
