import type {
  AdminClientToServerEvents, AdminServerToClientEvents, ChatClientToServerEvents, ChatServerToClientEvents,
} from '@parley/protocol';
import type { Namespace } from 'socket.io';

export interface SocketData {
  user: import('@parley/protocol').UserRef;
  /** Token expiry, epoch seconds. */
  exp: number;
}

export type ChatNamespace = Namespace<ChatClientToServerEvents, ChatServerToClientEvents, Record<string, never>, SocketData>;
export type AdminNamespace = Namespace<AdminClientToServerEvents, AdminServerToClientEvents, Record<string, never>, SocketData>;

export interface Namespaces {
  chat: ChatNamespace;
  admin: AdminNamespace;
}
