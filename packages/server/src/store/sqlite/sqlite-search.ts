/**
 * Search in the embedded store: message text through the FTS5 index `messages_fts` (migration 13, kept by
 * triggers inside each append's transaction), newest first by rowid — the order FTS5 walks natively, so a
 * page costs the same whatever the number of matches; queries by subject, customer name or email with LIKE
 * (every word somewhere, case folded for ASCII), or by id prefix.
 */
import type { SQLInputValue } from 'node:sqlite';
import type { Query } from '@parley/protocol';
import { AppError } from '../../errors/app-error.js';
import { ftsMatch } from '../../search/search-terms.js';
import { type MessageRow, type QueryRow, querySelect, toMessage, toQuery } from '../rows.js';
import type { MessageSearch, MessageSearchPage, QuerySearch } from '../store.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { SqliteSupportQueries } from './sqlite-support-queries.js';

export class SqliteSearch {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly queries: SqliteSupportQueries,
  ) {}

  messages(search: MessageSearch): MessageSearchPage {
    this.database.assertOpen();
    const before = search.cursor === undefined ? null : Number(search.cursor);
    if (before !== null && !(Number.isSafeInteger(before) && before > 0)) throw new AppError('invalid_payload', 'invalid cursor');
    const where = ['messages_fts MATCH ?'];
    const values: SQLInputValue[] = [ftsMatch(search.words)];
    if (!search.includeNotes) where.push('m.internal = 0');
    if (search.customerId !== undefined) (where.push('m.query_id IN (SELECT id FROM queries WHERE customer_id = ?)'), values.push(search.customerId));
    if (before !== null) (where.push('messages_fts.rowid < ?'), values.push(before));
    const rows = this.database
      .sql(
        `SELECT messages_fts.rowid AS fts_rowid, m.* FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
         WHERE ${where.join(' AND ')} ORDER BY messages_fts.rowid DESC LIMIT ?`,
      )
      .all(...values, search.limit + 1) as unknown as Array<MessageRow & { fts_rowid: number }>;
    const page = rows.slice(0, search.limit);
    const queries = new Map<string, Query>();
    const hits = page.map((row) => {
      let query = queries.get(row.query_id);
      if (!query) queries.set(row.query_id, (query = this.queries.get(row.query_id)!));
      return { message: toMessage(row), query };
    });
    const last = page.at(-1);
    return { hits, nextCursor: rows.length > search.limit && last ? String(last.fts_rowid) : null };
  }

  queryMatches(search: QuerySearch): Query[] {
    this.database.assertOpen();
    const text = "lower(q.subject || ' ' || c.name || ' ' || COALESCE(c.email, ''))";
    const words = search.words.map(() => `${text} LIKE ? ESCAPE '\\'`);
    const match = [words.length > 0 ? `(${words.join(' AND ')})` : null, search.idPrefix !== null ? 'q.id LIKE ?' : null].filter(Boolean);
    if (match.length === 0) return [];
    const values: SQLInputValue[] = [...search.words.map((w) => `%${escapeLike(w)}%`), ...(search.idPrefix !== null ? [`${search.idPrefix}%`] : [])];
    const scope = search.customerId !== undefined ? ' AND q.customer_id = ?' : '';
    if (search.customerId !== undefined) values.push(search.customerId);
    const rows = this.database
      .sql(`${querySelect} WHERE (${match.join(' OR ')})${scope} ORDER BY q.created_at DESC, q.id DESC LIMIT ?`)
      .all(...values, search.limit) as unknown as QueryRow[];
    return rows.map(toQuery);
  }
}

/** A word taken literally by LIKE. */
function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}
