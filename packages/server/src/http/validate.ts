import { invalidPayload } from '@parley/protocol';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/** Parses with a protocol schema or throws `invalid_payload` listing every wrong field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = 'payload'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const body = invalidPayload(result.error, what);
    throw new AppError('invalid_payload', body.message, { issues: body.issues });
  }
  return result.data;
}
