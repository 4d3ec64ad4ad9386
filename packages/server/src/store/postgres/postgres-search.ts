/**
 * Search in the PostgreSQL store: message text through the GIN expression index on
 * `to_tsvector('simple', parley_fold(body))` (migrations 9 and 13, kept by PostgreSQL in each append's transaction;
 * `parley_fold` drops accents, and the search words go through it too), newest first;
 * queries by subject, customer name or email with ILIKE (every word somewhere), or by id prefix.
 */
import type { Query } from '@parley/protocol';
import { AppError } from '../../errors/app-error.js';
import { tsQuery } from '../../search/search-terms.js';
import { decodeCursor, encodeCursor, type MessageRow, type QueryRow, querySelect, toMessage, toQuery } from '../rows.js';
import type { MessageSearch, MessageSearchPage, QuerySearch } from '../store.js';
import type { PostgresDatabase } from './postgres-database.js';

export class PostgresSearch {
  constructor(private readonly database: PostgresDatabase) {}

  async messages(search: MessageSearch): Promise<MessageSearchPage> {
    const values: unknown[] = [tsQuery(search.words)];
    const where = [`to_tsvector('simple', parley_fold(m.body)) @@ to_tsquery('simple', parley_fold($1))`];
    if (!search.includeNotes) where.push('NOT m.internal');
    if (search.customerId !== undefined) {
      values.push(search.customerId);
      where.push(`m.query_id IN (SELECT id FROM queries WHERE customer_id = $${values.length})`);
    }
    if (search.cursor !== undefined) {
      const cursor = decodeCursor(search.cursor);
      if (!cursor) throw new AppError('invalid_payload', 'invalid cursor');
      values.push(cursor[0], cursor[1]);
      where.push(`(m.created_at, m.id) < ($${values.length - 1}::timestamptz, $${values.length})`);
    }
    values.push(search.limit + 1);
    const rows = await this.database.query<MessageRow>(
      `SELECT m.* FROM messages m WHERE ${where.join(' AND ')} ORDER BY m.created_at DESC, m.id DESC LIMIT $${values.length}`,
      values,
    );
    const page = rows.slice(0, search.limit);
    const ids = [...new Set(page.map((r) => r.query_id))];
    const queryRows = ids.length ? await this.database.query<QueryRow>(`${querySelect} WHERE q.id = ANY($1::text[])`, [ids]) : [];
    const queries = new Map(queryRows.map((r) => [r.id, toQuery(r)]));
    const last = page.at(-1);
    return {
      hits: page.map((row) => ({ message: toMessage(row), query: queries.get(row.query_id)! })),
      nextCursor: rows.length > search.limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  async queryMatches(search: QuerySearch): Promise<Query[]> {
    const values: unknown[] = [];
    const text = "(q.subject || ' ' || c.name || ' ' || COALESCE(c.email, ''))";
    const words = search.words.map((w) => (values.push(`%${w}%`), `${text} ILIKE $${values.length}`));
    const match = [words.length > 0 ? `(${words.join(' AND ')})` : null];
    if (search.idPrefix !== null) (values.push(`${search.idPrefix}%`), match.push(`q.id LIKE $${values.length}`));
    const conditions = match.filter(Boolean);
    if (conditions.length === 0) return [];
    let scope = '';
    if (search.customerId !== undefined) (values.push(search.customerId), (scope = ` AND q.customer_id = $${values.length}`));
    values.push(search.limit);
    const rows = await this.database.query<QueryRow>(
      `${querySelect} WHERE (${conditions.join(' OR ')})${scope} ORDER BY q.created_at DESC, q.id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toQuery);
  }
}
