import { pino, type Logger } from 'pino';

/** The server's structured logger (JSON lines on stdout). Children carry request / socket / user ids. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'parley' },
    // Tokens and passwords never reach the log.
    redact: { paths: ['req.headers.authorization', '*.password', '*.token', '*.resumeKey'], censor: '[redacted]' },
  });
}
