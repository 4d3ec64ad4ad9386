/**
 * Loads the search benchmark's history straight into a store's database, bypassing the append path (which
 * scenario 6 measures): customers, queries and `messages` rows shaped as Parley writes them, the full-text index
 * included — SQLite's by its triggers, PostgreSQL's GIN index rebuilt after the load, as a restore would.
 */
import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import pg from 'pg';
import type { Corpus } from './corpus.ts';

export interface SeedSize {
  messages: number;
  /** Messages per query (the history is spread over messages / perQuery queries). */
  perQuery: number;
  customers: number;
}

export interface Seeded {
  customerIds: string[];
}

interface Row {
  id: string;
  queryId: string;
  seq: number;
  authorId: string;
  role: string;
  body: string;
  createdAt: string;
}

/** The same history for both stores: yields batches of message rows, queries first. */
function* history(corpus: Corpus, size: SeedSize, customerIds: string[], agentId: string) {
  const start = Date.parse('2025-01-01T00:00:00Z');
  let made = 0;
  let q = 0;
  while (made < size.messages) {
    const queryId = randomUUID();
    const customerId = customerIds[q % customerIds.length]!;
    const rows: Row[] = [];
    for (let seq = 1; seq <= size.perQuery && made < size.messages; seq++, made++) {
      const agent = seq % 2 === 0;
      rows.push({
        id: randomUUID(), queryId, seq, authorId: agent ? agentId : customerId, role: agent ? 'agent' : 'customer',
        body: corpus.body(), createdAt: new Date(start + made * 1000).toISOString(),
      });
    }
    yield { queryId, customerId, subject: `Query ${q}`, createdAt: rows[0]!.createdAt, rows };
    q++;
  }
}

export function seedSqlite(dataDir: string, corpus: Corpus, size: SeedSize): Seeded {
  const db = new DatabaseSync(join(dataDir, 'parley.db'));
  try {
    db.exec('PRAGMA synchronous = OFF');
    const customerIds = Array.from({ length: size.customers }, () => randomUUID());
    const agentId = randomUUID();
    db.exec('BEGIN');
    const customer = db.prepare('INSERT INTO customers (id, name, email, external_id, resume_key_hash, created_at) VALUES (?, ?, NULL, NULL, ?, ?)');
    customerIds.forEach((id, i) => customer.run(id, `Customer ${i}`, randomUUID(), '2025-01-01T00:00:00.000Z'));
    const query = db.prepare(
      `INSERT INTO queries (id, subject, status, customer_id, client_id, last_seq, last_message_id, customer_read_seq, waiting_since,
         created_at, updated_at, transcript_requested) VALUES (?, ?, 'resolved', ?, NULL, ?, NULL, 0, NULL, ?, ?, 0)`,
    );
    const message = db.prepare(
      `INSERT INTO messages (id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at)
       VALUES (?, ?, 0, ?, ?, ?, ?, 'Someone', ?, ?)`,
    );
    let n = 0;
    for (const h of history(corpus, size, customerIds, agentId)) {
      query.run(h.queryId, h.subject, h.customerId, h.rows.length, h.createdAt, h.rows.at(-1)!.createdAt);
      for (const r of h.rows) message.run(r.id, r.queryId, r.seq, r.id, r.authorId, r.role, r.body, r.createdAt);
      n += h.rows.length;
      if (n % 50_000 < h.rows.length) {
        db.exec('COMMIT');
        db.exec('BEGIN');
      }
    }
    db.exec('COMMIT');
    return { customerIds };
  } finally {
    db.close();
  }
}

export async function seedPostgres(url: string, corpus: Corpus, size: SeedSize): Promise<Seeded> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const customerIds = Array.from({ length: size.customers }, () => randomUUID());
    const agentId = randomUUID();
    // The migrations' full-text index, dropped for the bulk load and built again after it from its own definition.
    const { rows: index } = await client.query<{ name: string; definition: string }>(
      "SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'messages' AND indexdef LIKE '%to_tsvector%'",
    );
    if (index.length !== 1) throw new Error(`expected one full-text index on messages, found ${index.length}`);
    await client.query(`DROP INDEX ${index[0]!.name}`);
    await client.query(
      `INSERT INTO customers (id, name, created_at) SELECT id, 'Customer ' || n, '2025-01-01T00:00:00Z' FROM unnest($1::text[]) WITH ORDINALITY AS c (id, n)`,
      [customerIds],
    );
    let queries: Array<[string, string, string, number, string]> = [];
    let rows: Row[] = [];
    const flush = async () => {
      if (queries.length > 0) {
        await client.query(
          `INSERT INTO queries (id, subject, status, customer_id, last_seq, customer_read_seq, created_at, updated_at)
           SELECT id, subject, 'resolved', customer_id, last_seq, 0, created_at, created_at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::timestamptz[]) AS q (id, subject, customer_id, last_seq, created_at)`,
          [queries.map((q) => q[0]), queries.map((q) => q[1]), queries.map((q) => q[2]), queries.map((q) => q[3]), queries.map((q) => q[4])],
        );
      }
      if (rows.length > 0) {
        await client.query(
          `INSERT INTO messages (id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at)
           SELECT id, query_id, false, seq, id, author_id, author_role, 'Someone', body, created_at
           FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
             AS m (id, query_id, seq, author_id, author_role, body, created_at)`,
          [rows.map((r) => r.id), rows.map((r) => r.queryId), rows.map((r) => r.seq), rows.map((r) => r.authorId), rows.map((r) => r.role), rows.map((r) => r.body), rows.map((r) => r.createdAt)],
        );
      }
      queries = [];
      rows = [];
    };
    for (const h of history(corpus, size, customerIds, agentId)) {
      queries.push([h.queryId, h.subject, h.customerId, h.rows.length, h.createdAt]);
      rows.push(...h.rows);
      if (rows.length >= 20_000) await flush();
    }
    await flush();
    // Built once over the whole history (as after a restore).
    await client.query(index[0]!.definition);
    await client.query('ANALYZE');
    return { customerIds };
  } finally {
    await client.end();
  }
}
