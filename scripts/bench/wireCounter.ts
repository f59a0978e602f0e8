/**
 * A TCP proxy in front of the database that counts the commands passing through it, read from the
 * MongoDB wire protocol (OP_MSG: the first key of the body is the command, its value the
 * collection). It sits outside the BFF, so it counts the round trips of any commit — the current
 * one or a baseline — without changing their code. The driver's own heartbeats are left out.
 */
import mongoose from 'mongoose';
import net from 'node:net';

const { deserialize } = mongoose.mongo.BSON;

const OP_MSG = 2013;
const HEARTBEATS = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'saslStart', 'saslContinue', 'endSessions', 'buildInfo']);

export interface WireCounter {
  /** The database URI to give the BFF: the original one with the proxy's host and port. */
  uri: string;
  /** Commands seen since the last `take()`, as `command collection`, and resets the tally. */
  take(): string[];
  close(): Promise<void>;
}

/** `{ find: 'tasks', … }` → `find tasks`; `{ getMore: <id>, collection: 'events' }` → `getMore events`. */
export function describeCommand(body: Record<string, unknown>): string {
  const name = Object.keys(body)[0] ?? '?';
  const target = name === 'getMore' ? body.collection : body[name];
  return typeof target === 'string' ? `${name} ${target}` : name;
}

/** Reads the body section of one OP_MSG message (kind 0), or null for other messages. */
function commandOf(message: Buffer): Record<string, unknown> | null {
  if (message.readInt32LE(12) !== OP_MSG) return null;
  let at = 20; // header (16) + flagBits (4)
  while (at < message.length) {
    const kind = message[at];
    if (kind === 0) {
      const size = message.readInt32LE(at + 1);
      return deserialize(message.subarray(at + 1, at + 1 + size), { promoteValues: false }) as Record<string, unknown>;
    }
    at += 1 + message.readInt32LE(at + 1); // kind 1: a size-prefixed document sequence
  }
  return null;
}

export async function startWireCounter(targetUri: string): Promise<WireCounter> {
  const target = new URL(targetUri);
  const targetPort = Number(target.port || 27017);
  let seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, target.hostname);
    sockets.add(client).add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const size = pending.readInt32LE(0);
        const body = commandOf(pending.subarray(0, size));
        pending = pending.subarray(size);
        if (body && !HEARTBEATS.has(Object.keys(body)[0] ?? '')) seen.push(describeCommand(body));
      }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const uri = new URL(targetUri);
  uri.host = `127.0.0.1:${port}`;
  return {
    uri: uri.toString(),
    take: () => {
      const out = seen;
      seen = [];
      return out;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
