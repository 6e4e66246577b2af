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

/** A minimal GraphQL-over-HTTP client: one POST per operation, bearer token optional. */
export class GraphqlClient {
  constructor(readonly url: string) {}

  async request<Data = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Data> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Data; errors?: GraphqlError[] };
    if (body.errors?.length) throw new GraphqlRequestError(body.errors);
    return body.data as Data;
  }
}
