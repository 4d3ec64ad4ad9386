import type { ErrorBody } from '@parley/protocol';

/**
 * One sentence a customer can act on for an error from the SDK, the REST API or
 * fetch itself (a TypeError means the request never reached the server).
 */
export function errorText(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (error instanceof TypeError || (error instanceof Error && error.name === 'TypeError')) {
    return navigator.onLine
      ? 'We cannot reach the support server right now. Check your connection and try again in a moment.'
      : 'You are offline. Connect to the internet and try again.';
  }
  const body = errorBodyOf(error);
  if (!body) return fallback;
  if (isConnectionProblem(error)) {
    return navigator.onLine
      ? 'We cannot reach the support server right now. Check your connection and try again in a moment.'
      : 'You are offline. Connect to the internet and try again.';
  }
  switch (body.code) {
    case 'invalid_payload':
      return body.issues?.[0] ? `Please check ${fieldName(body.issues[0].path)}: ${body.issues[0].message}.` : body.message;
    case 'rate_limited':
      return 'You are going a little fast. Wait a few seconds and try again.';
    case 'unavailable':
      return 'The support server is busy or restarting. Try again in a moment.';
    case 'forbidden':
    case 'not_found':
      return 'This conversation is not available to you.';
    case 'unauthorized':
    case 'invalid_token':
    case 'token_expired':
      return 'Your session has ended. Start again to keep chatting.';
    case 'payload_too_large':
      return body.message;
    case 'quota_exceeded':
      // The server's words carry what the customer needs (how many are open, the cap, what to do).
      return asSentence(body.message);
    default:
      return body.message || fallback;
  }
}

/**
 * The request never got a real answer: no response at all (status 0, or the
 * SDK's `server unreachable`), or a gateway's 502/504 (a proxy, or a service
 * worker answering for a network that is not there). The SDK already reads
 * those as `unavailable`; the status is still looked at because it tells
 * "cannot reach the server" from the server's own 503 "restarting".
 */
export function isConnectionProblem(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 0 || status === 502 || status === 504) return true;
  const body = errorBodyOf(error);
  return body?.code === 'unavailable' && status === undefined && /unreachable/i.test(body.message);
}

/** The `{ code, message }` inside a ParleyError, an ack error or a REST error body. */
export function errorBodyOf(error: unknown): ErrorBody | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = error as { code?: unknown; message?: unknown; body?: unknown; error?: unknown };
  if (candidate.body && typeof candidate.body === 'object' && 'code' in candidate.body) return candidate.body as ErrorBody;
  if (candidate.error && typeof candidate.error === 'object' && 'code' in candidate.error) return candidate.error as ErrorBody;
  if (typeof candidate.code === 'string' && typeof candidate.message === 'string') return candidate as ErrorBody;
  return null;
}

/** The server's lower-case, unpunctuated message as a sentence: capital first letter, final full stop. */
function asSentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function fieldName(path: string): string {
  return path === '(root)' ? 'what you entered' : `the ${path}`;
}
