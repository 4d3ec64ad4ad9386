import type { ErrorBody } from '@parley/protocol';

/** Where the live link stands, for a status bar. */
export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'online' }
  | { state: 'reconnecting'; attempt: number; /** epoch ms */ nextRetryAt: number; lastError?: ErrorBody }
  | { state: 'offline'; reason: 'browser_offline' | 'stopped' | 'auth_failed'; error?: ErrorBody };
