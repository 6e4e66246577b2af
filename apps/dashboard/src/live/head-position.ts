import type { Client } from '@urql/core';

const HEAD = 'query HeadPosition { serverStatus { headPosition } }';

/** The global log's last position now: where a feed that has seen nothing starts, so it can resume. */
export async function headPosition(client: Client): Promise<number> {
  const result = await client.query<{ serverStatus: { headPosition: number } }>(HEAD, {}, { requestPolicy: 'network-only' }).toPromise();
  if (!result.data) throw result.error ?? new Error('no head position');
  return result.data.serverStatus.headPosition;
}
