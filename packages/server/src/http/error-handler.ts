/**
 * One shape for every REST error: the code's HTTP status and
 * `{ error: { code, message } }`, whatever failed — our own refusals, Fastify's
 * body parsing, rate limits, unknown routes — and never internals on a 500.
 */
import { ErrorHttpStatus, type ErrorBody, type ErrorCode } from '@parley/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, internalErrorBody } from '../errors/app-error.js';
import type { Metrics } from '../observability/metrics.js';
import type { RefusalTarpit } from './refusal-tarpit.js';

const codeByStatus: Record<number, ErrorCode> = {
  400: 'invalid_payload',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  406: 'invalid_payload',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'invalid_payload',
  429: 'rate_limited',
  503: 'unavailable',
};

function messageFor(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is not valid JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content type: send application/json';
    default:
      return error.message;
  }
}

export function sendError(reply: FastifyReply, body: ErrorBody): FastifyReply {
  if (body.retryAfterMs !== undefined) reply.header('retry-after', Math.ceil(body.retryAfterMs / 1000));
  return reply.status(ErrorHttpStatus[body.code]).send({ error: body });
}

/**
 * Every REST refusal by a limit is counted here, once, whichever limit it was (REST, sign-in, uploads, queries);
 * a `rate_limited` one is answered through the tarpit (http/refusal-tarpit.ts).
 */
export function installErrorHandling(app: FastifyInstance, metrics: Pick<Metrics, 'rateLimited' | 'quotaRefused'>, tarpit: RefusalTarpit): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.code === 'rate_limited') {
        metrics.rateLimited.inc({ kind: 'rest' });
        await tarpit.hold();
      }
      if (error.code === 'quota_exceeded') metrics.quotaRefused.inc({ kind: 'rest' });
      return sendError(reply, error.toBody());
    }
    // SyntaxError from the JSON parser carries a 400 status and no FST code on some paths.
    const status = error.statusCode ?? (error instanceof SyntaxError ? 400 : 500);
    const code = status < 500 ? codeByStatus[status] : status === 503 ? 'unavailable' : undefined;
    if (code) return sendError(reply, { code, message: messageFor(error) });
    // The client went away mid-request (an upload cancelled, a tab closed): its doing, not ours, and nobody
    // is left to answer.
    if (request.raw.destroyed || request.raw.socket?.destroyed) {
      request.log.info({ err: { message: error.message, code: error.code } }, 'the client closed the connection before the request was complete');
      return reply;
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, internalErrorBody);
  });
}
