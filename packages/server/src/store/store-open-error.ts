/**
 * The store could not be opened at start: the database is unreachable, refuses
 * our credentials, or was written by a newer server. main.ts prints the
 * message alone (no stack): it is about the deployment, not a bug.
 */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';

  constructor(where: string, cause: unknown) {
    super(`cannot open the store (${where}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
