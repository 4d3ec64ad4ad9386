/** Words an agent can act on for each error code the server or SDK may return. */
const MESSAGES: Readonly<Record<string, string>> = {
  invalid_credentials: 'Wrong email or password.',
  unauthorized: 'Please sign in again.',
  invalid_token: 'Your session is no longer valid. Please sign in again.',
  token_expired: 'Your session expired. Please sign in again.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'It no longer exists.',
  rate_limited: 'Too many requests; slow down a moment.',
  payload_too_large: 'That is too large to send.',
  unavailable: 'The server is unavailable right now. Try again shortly.',
};

/**
 * Turns anything thrown by the SDK (a ParleyError carrying `code` and `message`) or by the
 * browser into one sentence for the UI. Shape-checked rather than `instanceof`, so errors
 * crossing module copies are still recognised.
 */
export function describeError(error: unknown, fallback = 'Something went wrong.'): string {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === 'invalid_payload' || code === 'conflict') {
      // The server's own message names the field or the collision: more useful than ours.
      if (typeof message === 'string' && message) return message;
    }
    if (typeof code === 'string' && MESSAGES[code]) return MESSAGES[code];
    if (error instanceof TypeError) return 'Cannot reach the server. Check your connection.';
    if (typeof message === 'string' && message) return message;
  }
  return fallback;
}
