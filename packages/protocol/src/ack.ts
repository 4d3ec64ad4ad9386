import type { ErrorBody } from './error-codes.js';

/** A failed ack. Nothing the call asked for was done. */
export interface AckError {
  ok: false;
  error: ErrorBody;
}

/** What every acknowledged client → server event answers with. */
export type Ack<T extends object = {}> = ({ ok: true } & T) | AckError;

/** The callback a client passes as the last argument of an acknowledged event. */
export type AckCallback<T extends object = {}> = (response: Ack<T>) => void;
