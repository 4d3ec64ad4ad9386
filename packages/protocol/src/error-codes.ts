/**
 * The one table of error codes. REST answers `{ error: { code, message } }` with
 * the HTTP status below; Socket.IO acks answer `{ ok: false, error: { code, message } }`;
 * refused handshakes carry `{ code, message }` as `connect_error`'s `data`.
 */
export const ErrorCode = {
  /** The payload failed validation (wrong shape, unknown field, body too long…). */
  InvalidPayload: 'invalid_payload',
  /** No credentials were given, or they are not a token at all. */
  Unauthorized: 'unauthorized',
  /** The token is well formed but its signature, algorithm or claims are wrong. */
  InvalidToken: 'invalid_token',
  /** The token was valid once and has expired: renew it. */
  TokenExpired: 'token_expired',
  /** Email/password or customer identity signature did not match. */
  InvalidCredentials: 'invalid_credentials',
  /** The caller is known but may not do this (another customer's query, a customer on /admin…). */
  Forbidden: 'forbidden',
  /** The thing addressed does not exist (or the caller may not know it exists). */
  NotFound: 'not_found',
  /** The request collides with existing state (email taken, clientId reused by someone else). */
  Conflict: 'conflict',
  /** The request or frame is larger than allowed. */
  PayloadTooLarge: 'payload_too_large',
  /**
   * A cap on things held at once is reached: open queries of a customer, sockets of a user or of an address.
   * Nothing was done; it succeeds once one of them is closed.
   */
  QuotaExceeded: 'quota_exceeded',
  /** Too many requests; `retryAfterMs` says when to try again. Nothing was done. */
  RateLimited: 'rate_limited',
  /** The event name is not part of this namespace's contract. */
  UnknownEvent: 'unknown_event',
  /** The client speaks another protocol version. */
  IncompatibleProtocol: 'incompatible_protocol',
  /** The server is shutting down or its store is unreachable: retry, possibly elsewhere. */
  Unavailable: 'unavailable',
  /** A bug on our side; the message never contains internals. */
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status that goes with each code on REST. */
export const ErrorHttpStatus: Readonly<Record<ErrorCode, number>> = {
  invalid_payload: 400,
  unauthorized: 401,
  invalid_token: 401,
  token_expired: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  quota_exceeded: 403,
  rate_limited: 429,
  unknown_event: 400,
  incompatible_protocol: 400,
  unavailable: 503,
  internal: 500,
};

/** The error object carried by REST error bodies, acks and `connect_error` data. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** For `rate_limited`: how long to wait before the same call can succeed. */
  retryAfterMs?: number;
  /** For `invalid_payload`: which fields were wrong and why. */
  issues?: Array<{ path: string; message: string }>;
}

/** Every REST error response body. */
export interface ErrorResponse {
  error: ErrorBody;
}

/** True when `value` is one of the codes in the table. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (Object.values(ErrorCode) as string[]).includes(value);
}
