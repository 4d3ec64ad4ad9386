import type { z } from 'zod';
import type { ErrorBody } from './error-codes.js';

/**
 * Turns a zod failure into the `invalid_payload` error both transports send,
 * with one line per wrong field.
 */
export function invalidPayload(error: z.ZodError, what = 'payload'): ErrorBody {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const first = issues[0];
  return {
    code: 'invalid_payload',
    message: first ? `invalid ${what}: ${first.path}: ${first.message}` : `invalid ${what}`,
    issues,
  };
}
