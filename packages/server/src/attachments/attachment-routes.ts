/**
 * POST /api/queries/:id/attachments (multipart, one file in any field),
 * GET /api/attachments/:id and DELETE /api/attachments/:id (an upload not
 * sent after all). Uploads are parsed by @fastify/multipart with a hard size
 * limit; downloads are always `attachment` + `nosniff`, so a file can never
 * run as a page of our origin.
 */
import fastifyMultipart from '@fastify/multipart';
import { idParamsSchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { AppError } from '../errors/app-error.js';
import { parseOrThrow } from '../http/validate.js';
import { ATTACHMENT_MAX_BYTES, contentDisposition } from './attachment-rules.js';
import { type AttachmentService, tooLarge } from './attachment-service.js';

export async function registerAttachmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const service = ctx.attachments;

  // Multipart parsing is registered for the upload route only: no other route takes a multipart body.
  await app.register(async (uploads) => {
    await uploads.register(fastifyMultipart, {
      limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
    });
    registerUploadRoute(uploads, ctx, service);
  });

  app.get('/api/attachments/:id', async (request, reply) => {
    const user = await ctx.requestAuth.user(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    const { attachment, stream } = await service.open(user, id);
    return reply
      .header('content-type', attachment.contentType)
      .header('content-length', attachment.size)
      .header('content-disposition', contentDisposition(attachment.name))
      .header('x-content-type-options', 'nosniff')
      // Even if opened directly, the file gets no script, no plugins, no same-origin powers.
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=3600')
      .send(stream);
  });

  app.delete('/api/attachments/:id', async (request, reply) => {
    const user = await ctx.requestAuth.user(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    await service.remove(user, id);
    return reply.status(204).send();
  });
}

function registerUploadRoute(app: FastifyInstance, ctx: AppContext, service: AttachmentService): void {
  app.post('/api/queries/:id/attachments', async (request, reply) => {
    const user = await ctx.requestAuth.user(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    await service.authorize(user, id, request.ip);
    if (!request.isMultipart()) {
      throw new AppError('invalid_payload', 'send the file as multipart/form-data');
    }
    const part = await request.file();
    if (!part) throw new AppError('invalid_payload', 'the form carries no file');
    const received = await service.receive(part.file);
    // Over the limit, busboy stops at fileSize bytes and flags the stream instead of failing it.
    if (part.file.truncated) {
      await service.discard(received);
      throw tooLarge();
    }
    const attachment = await service.accept(user, id, received, part.filename);
    return reply.status(201).send({ attachment });
  });
}
