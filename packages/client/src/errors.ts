import { isErrorCode, type ErrorBody } from '@parley/protocol';

/** Every failure the SDK reports: a code from the protocol's table, a message a UI can show. */
export class ParleyError extends Error {
  readonly code: ErrorBody['code'];
  /** HTTP status, for errors that came from REST. */
  readonly status?: number;
  readonly body: ErrorBody;

  constructor(body: ErrorBody, status?: number) {
    super(body.message);
    this.name = 'ParleyError';
    this.code = body.code;
    this.body = body;
    if (status !== undefined) this.status = status;
  }
}

/** Reads an `ErrorBody` out of anything the server (or the network) threw at us. */
export function toErrorBody(value: unknown, fallback: ErrorBody['code'] = 'internal'): ErrorBody {
  if (value instanceof ParleyError) return value.body;
  if (typeof value === 'object' && value !== null) {
    const candidate = value as { code?: unknown; message?: unknown };
    if (isErrorCode(candidate.code)) {
      return { ...(value as ErrorBody), message: typeof candidate.message === 'string' ? candidate.message : candidate.code };
    }
  }
  const message = value instanceof Error ? value.message : String(value);
  return { code: fallback, message };
}

/** Errors worth trying again later (network, server restarting); everything else is final. */
export function isTransient(error: ErrorBody): boolean {
  return error.code === 'unavailable' || error.code === 'rate_limited' || error.code === 'internal';
}
