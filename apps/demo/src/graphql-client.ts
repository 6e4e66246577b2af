/** A GraphQL error as the server sends it. */
export interface GraphqlError {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

/** Thrown when an operation answers with errors. */
export class GraphqlRequestError extends Error {
  constructor(readonly errors: GraphqlError[]) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }
}

const THROTTLED_RETRIES = 3;

/**
 * A minimal GraphQL-over-HTTP client: one POST per operation, bearer token optional. An operation a
 * rate limit refused (TOO_MANY_REQUESTS: nothing ran) is sent again after the wait the server names.
 */
export class GraphqlClient {
  constructor(readonly url: string) {}

  async request<Data = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Data> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Data; errors?: GraphqlError[] };
      const waitSeconds = throttledFor(body.errors);
      if (waitSeconds !== undefined && attempt < THROTTLED_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
        continue;
      }
      if (body.errors?.length) throw new GraphqlRequestError(body.errors);
      return body.data as Data;
    }
  }
}

/** Seconds to wait when every error is a rate limit's refusal; undefined otherwise. */
function throttledFor(errors: GraphqlError[] | undefined): number | undefined {
  if (!errors?.length || !errors.every((error) => error.extensions?.code === 'TOO_MANY_REQUESTS')) return undefined;
  return Math.min(60, Math.max(...errors.map((error) => Number(error.extensions?.retryAfterSeconds) || 1)));
}
