import type { IncomingMessage } from 'node:http';
import { pino, type Logger } from 'pino';
import { redactUrl } from './redact-url.js';

/** The server's structured logger (JSON lines on stdout). Children carry request / socket / user ids. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'parley' },
    // Tokens and passwords never reach the log, not even in a URL's query string.
    redact: { paths: ['req.headers.authorization', '*.password', '*.token', '*.resumeKey'], censor: '[redacted]' },
    serializers: { req: serializeRequest },
  });
}

/** The request as a log line shows it (Fastify's fields), with credentials in the URL redacted. */
function serializeRequest(request: Pick<IncomingMessage, 'method' | 'url' | 'headers'> & { socket?: { remoteAddress?: string; remotePort?: number } }) {
  return {
    method: request.method,
    url: redactUrl(request.url ?? ''),
    host: request.headers?.host,
    remoteAddress: request.socket?.remoteAddress,
    remotePort: request.socket?.remotePort,
  };
}
