import { AppError } from '../errors/app-error.js';

/**
 * The refusal both stores give a customer who already has `maxOpen` queries
 * open or pending (NewQuery.maxOpen), in words the customer app can show.
 * @throws AppError('quota_exceeded')
 */
export function refuseOverOpenCap(open: number, maxOpen: number): void {
  if (open < maxOpen) return;
  throw new AppError(
    'quota_exceeded',
    `you already have ${open} open ${open === 1 ? 'conversation' : 'conversations'} (at most ${maxOpen}): continue in one of them, or wait until one is resolved`,
  );
}
