/** An `esdb://` URL split into the client's connection string and Accord's own `streamPrefix` parameter. */
export interface EsdbUrl {
  connectionString: string;
  streamPrefix: string | undefined;
}

/**
 * Takes `streamPrefix=<prefix>` out of the query (the client warns about keys it does not know) and
 * leaves everything else to the client's parser, which owns the syntax.
 */
export function parseEsdbUrl(url: string): EsdbUrl {
  const text = url.trim();
  const query = text.indexOf('?');
  if (query < 0) return { connectionString: text, streamPrefix: undefined };
  let streamPrefix: string | undefined;
  const kept = text
    .slice(query + 1)
    .split('&')
    .filter((pair) => {
      const [key, ...value] = pair.split('=');
      if (key.trim().toLowerCase() !== 'streamprefix') return true;
      streamPrefix = decodeURIComponent(value.join('='));
      return false;
    });
  const base = text.slice(0, query);
  return { connectionString: kept.length > 0 ? `${base}?${kept.join('&')}` : base, streamPrefix };
}

/** The URL with any password replaced, for messages. */
export function redactEsdbUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@');
}
