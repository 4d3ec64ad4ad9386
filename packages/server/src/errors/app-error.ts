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

  /**
   * An expected refusal made in bulk (rate limits): no stack trace. Refusals are answered, never logged with a
   * stack, and a flood makes thousands a second — capturing each stack was a measurable part of refusing one.
   */
  static refusal(code: ErrorCode, message: string, extra: Pick<ErrorBody, 'retryAfterMs' | 'issues'> = {}): AppError {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return new AppError(code, message, extra);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

/** The body sent for an unexpected error: never any internals. */
export const internalErrorBody: ErrorBody = { code: 'internal', message: 'internal server error' };
