import type {
  AdminClientToServerEvents, AdminServerToClientEvents, ChatClientToServerEvents, ChatServerToClientEvents,
  SocketData as ProtocolSocketData,
} from '@parley/protocol';
import type { Namespace } from 'socket.io';

/** The protocol's per-socket data, plus what only the server needs. */
export interface SocketData extends ProtocolSocketData {
  /** Expiry of the token the socket holds now (handshake or latest `auth:renew`), epoch seconds. */
  exp: number;
}

export type ChatNamespace = Namespace<ChatClientToServerEvents, ChatServerToClientEvents, Record<string, never>, SocketData>;
export type AdminNamespace = Namespace<AdminClientToServerEvents, AdminServerToClientEvents, Record<string, never>, SocketData>;

export interface Namespaces {
  chat: ChatNamespace;
  admin: AdminNamespace;
}
