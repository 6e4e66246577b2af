import type { Client as WsClient } from 'graphql-ws';

type Listener = (connected: boolean) => void;

interface Connection {
  connected: boolean;
  listeners: Set<Listener>;
}

const connections = new WeakMap<Pick<WsClient, 'on'>, Connection>();

/**
 * Whether the socket is up, from graphql-ws's own `connected`/`closed` events. The client is lazy, so
 * watching starts before the first subscription opens the socket (the feed provider calls it first).
 */
export function watchConnection(ws: Pick<WsClient, 'on'>, listener: Listener): () => void {
  let connection = connections.get(ws);
  if (!connection) {
    const created: Connection = { connected: false, listeners: new Set() };
    const set = (connected: boolean) => {
      created.connected = connected;
      for (const each of created.listeners) each(connected);
    };
    ws.on('connected', () => set(true));
    ws.on('closed', () => set(false));
    connections.set(ws, created);
    connection = created;
  }
  const watched = connection;
  watched.listeners.add(listener);
  listener(watched.connected);
  return () => void watched.listeners.delete(listener);
}
