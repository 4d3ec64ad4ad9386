import type {
  AdminClientToServerEvents, AdminServerToClientEvents, ChatClientToServerEvents, ChatServerToClientEvents,
  PresenceEvent, ServerClosingEvent, SocketData as ProtocolSocketData,
} from '@parley/protocol';
import { Namespaces as NamespaceNames } from '@parley/protocol';
import type { Namespace, Server } from 'socket.io';

/** The protocol's per-socket data, plus what only the server needs. */
export interface SocketData extends ProtocolSocketData {
  /** Expiry of the token the socket holds now (handshake or latest `auth:renew`), epoch seconds. */
  exp: number;
  /** The version that token was signed at: a staff socket is revalidated against the agent's current one. */
  ver: number;
  /** The client's address (through TRUST_PROXY), for per-address limits. */
  ip: string;
}

export type ChatNamespace = Namespace<ChatClientToServerEvents, ChatServerToClientEvents, Record<string, never>, SocketData>;
export type AdminNamespace = Namespace<AdminClientToServerEvents, AdminServerToClientEvents, Record<string, never>, SocketData>;

export interface Namespaces {
  chat: ChatNamespace;
  admin: AdminNamespace;
}

/**
 * What the event binding, the handlers and the connection lifecycle use of a
 * socket. Socket.IO's typed sockets of the two namespaces have incompatible
 * method signatures (a union of them is not callable), while both fit this.
 */
export interface ParleySocket {
  readonly id: string;
  readonly nsp: { readonly name: string };
  readonly recovered: boolean;
  /** The engine.io connection underneath (one per client, shared by its namespaces). */
  readonly conn: object;
  readonly rooms: ReadonlySet<string>;
  data: SocketData;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  once(event: 'disconnect', listener: (reason: string) => void): unknown;
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
  emit(event: 'server:closing', payload: ServerClosingEvent): unknown;
  emit(event: 'presence', payload: PresenceEvent): unknown;
  join(room: string | string[]): Promise<void> | void;
  leave(room: string): Promise<void> | void;
  disconnect(close?: boolean): unknown;
}

/**
 * The two namespaces with their own event maps. Socket.IO types every
 * namespace of a Server with the Server's one set of maps, so `io.of()` cannot
 * give each its own: this is the one place that asserts them.
 */
export function namespacesOf(io: Server): Namespaces {
  return { chat: io.of(NamespaceNames.Chat), admin: io.of(NamespaceNames.Admin) } as unknown as Namespaces;
}
