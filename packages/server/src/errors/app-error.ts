import type { ErrorBody, ErrorCode } from '@parley/protocol';

/**
 * A refusal the domain means to send to the caller: both transports turn it
 * into `{ code, message }` (REST with the code's HTTP status, Socket.IO in the
 * ack). Anything else thrown is a bug and goes out as `internal`.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Pick<ErrorBody, 'retryAfterMs' | 'issues'> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

/** The body sent for an unexpected error: never any internals. */
export const internalErrorBody: ErrorBody = { code: 'internal', message: 'internal server error' };
