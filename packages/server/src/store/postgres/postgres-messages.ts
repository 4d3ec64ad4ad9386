/** Message rows of the PostgreSQL store: the reads (appends are the append pipeline's, postgres-append.ts). */
import type { Message } from '@parley/protocol';
import { type MessageRow, toMessage } from '../rows.js';
import type { MessageRange } from '../store.js';
import type { PostgresDatabase, Queryable } from './postgres-database.js';

export class PostgresMessages {
  constructor(private readonly database: PostgresDatabase) {}

  /** The public message seq 1 of a query (its opening message), read in the caller's transaction. */
  async first(client: Queryable, queryId: string): Promise<Message | null> {
    const { rows } = await client.query<MessageRow>('SELECT * FROM messages WHERE query_id = $1 AND NOT internal AND seq = 1', [queryId]);
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async list(queryId: string, range: MessageRange): Promise<Message[]> {
    const where = ['query_id = $1', 'internal = $2'];
    const values: unknown[] = [queryId, range.internal];
    if (range.after !== undefined) (values.push(range.after), where.push(`seq > $${values.length}`));
    if (range.before !== undefined) (values.push(range.before), where.push(`seq < $${values.length}`));
    // With only `before` (or no bound) the page is the one just below it: read backwards, then flip.
    const backwards = range.after === undefined;
    values.push(range.limit);
    const rows = await this.database.query<MessageRow>(
      `SELECT * FROM messages WHERE ${where.join(' AND ')} ORDER BY seq ${backwards ? 'DESC' : 'ASC'} LIMIT $${values.length}`,
      values,
    );
    if (backwards) rows.reverse();
    return rows.map(toMessage);
  }
}
