/**
 * What the event loop and the embedded store's worker thread say to each
 * other (sqlite-thread-store.ts ↔ sqlite-thread-worker.ts): numbered calls,
 * one answer each, in structured-clone form. Errors cross as plain objects:
 * an AppError keeps its code, message and extra (a refusal reaches the
 * client as it would in-process); anything else becomes an Error with its
 * message.
 */
import type { ErrorBody } from '@parley/protocol';
import { AppError } from '../../errors/app-error.js';
import type { ItemOutcome } from '../group-commit.js';

/** The objects of the store a call can address. */
export type CallTarget = 'store' | 'cannedReplies' | 'attachments' | 'ratings' | 'webhooks' | 'notices' | 'jobs' | 'settings';

export interface WorkerCall {
  id: number;
  target: CallTarget;
  method: string;
  args: unknown[];
}

export type EncodedError =
  | { kind: 'app'; code: AppError['code']; message: string; extra: Pick<ErrorBody, 'retryAfterMs' | 'issues'> }
  | { kind: 'error'; message: string };

export type WorkerAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: EncodedError };

/** Something that went wrong in the worker's background (its checkpoint thread), for the server's log. */
export interface WorkerNotice {
  notice: { object: object; message: string };
}

/** The first message of a worker: its store is open, or why it could not open. */
export type WorkerReady = { ready: true } | { ready: false; error: EncodedError };

export type EncodedOutcome<O> = { ok: true; value: O } | { ok: false; error: EncodedError };

/** Workers started with this data open the store in `dataDir`. */
export interface WorkerData {
  dataDir: string;
}

export function encodeError(error: unknown): EncodedError {
  if (error instanceof AppError) return { kind: 'app', code: error.code, message: error.message, extra: error.extra };
  return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
}

export function decodeError(error: EncodedError): Error {
  return error.kind === 'app' ? AppError.refusal(error.code, error.message, error.extra) : new Error(error.message);
}

export function encodeOutcomes<O>(outcomes: ItemOutcome<O>[]): EncodedOutcome<O>[] {
  return outcomes.map((o) => (o.ok ? o : { ok: false, error: encodeError(o.error) }));
}

export function decodeOutcomes<O>(outcomes: EncodedOutcome<O>[]): ItemOutcome<O>[] {
  return outcomes.map((o) => (o.ok ? o : { ok: false, error: decodeError(o.error) }));
}
