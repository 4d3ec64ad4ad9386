/** Message rows of the embedded store: the one INSERT every message goes through, and the reads. */
import type { SQLInputValue } from 'node:sqlite';
import type { Message } from '@parley/protocol';
import type { MessageRange } from '../store.js';
import { type MessageRow, toMessage } from '../rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

export class SqliteMessages {
  /** @param inserted told of every insert (the search index catches up a moment later: sqlite-search-index.ts). */
  constructor(
    private readonly database: SqliteDatabase,
    private readonly inserted: () => void = () => {},
  ) {}

  /** Inserts one message; the caller holds the transaction and has checked everything. */
  insert(m: Omit<Message, 'attachments'>, attachments: string | null = null): void {
    this.database
      .sql(
        `INSERT INTO messages (id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at, attachments,
           written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        m.id, m.queryId, m.internal ? 1 : 0, m.seq, m.clientId, m.author.id, m.author.role, m.author.name, m.body, m.createdAt, attachments,
        m.writtenAt ?? null,
      );
    this.inserted();
  }

  get(id: string): Message | null {
    const row = this.database.sql('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  /** The stored message with this idempotency key, if any (raw row: the append compares its author). */
  findByClientId(queryId: string, clientId: string): MessageRow | undefined {
    return this.database.sql('SELECT * FROM messages WHERE query_id = ? AND client_id = ?').get(queryId, clientId) as MessageRow | undefined;
  }

  /** The public message seq 1 of a query: its opening message. */
  first(queryId: string): Message | null {
    const row = this.database.sql('SELECT * FROM messages WHERE query_id = ? AND internal = 0 AND seq = 1').get(queryId) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  list(queryId: string, range: MessageRange): Message[] {
    this.database.assertOpen();
    const where = ['query_id = ?', 'internal = ?'];
    const values: SQLInputValue[] = [queryId, range.internal ? 1 : 0];
    if (range.after !== undefined) (where.push('seq > ?'), values.push(range.after));
    if (range.before !== undefined) (where.push('seq < ?'), values.push(range.before));
    // With only `before` (or no bound) the page is the one just below it: read backwards, then flip.
    const backwards = range.after === undefined;
    const rows = this.database
      .sql(`SELECT * FROM messages WHERE ${where.join(' AND ')} ORDER BY seq ${backwards ? 'DESC' : 'ASC'} LIMIT ?`)
      .all(...values, range.limit) as unknown as MessageRow[];
    if (backwards) rows.reverse();
    return rows.map(toMessage);
  }
}
