/** Customers in the embedded store: visitors (resume key) and identified customers (external id). */
import type { Customer } from '@parley/protocol';
import type { CustomerPatch, NewCustomer } from '../store.js';
import { type CustomerRow, toCustomer } from '../rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

export class SqliteCustomers {
  constructor(private readonly database: SqliteDatabase) {}

  create(c: NewCustomer): Customer {
    this.database.assertOpen();
    this.database
      .sql('INSERT INTO customers (id, name, email, external_id, resume_key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.id, c.name, c.email, c.externalId, c.resumeKeyHash, c.createdAt);
    return toCustomer({ id: c.id, name: c.name, email: c.email, external_id: c.externalId, created_at: c.createdAt });
  }

  upsertByExternalId(c: NewCustomer, options: { keepName?: boolean } = {}): Customer {
    this.database.assertOpen();
    // The external identity is the key; a later sign-in may bring a newer name or email (a sign-in
    // without a name keeps the one on file rather than falling back to the externalId).
    this.database
      .sql(
        `INSERT INTO customers (id, name, email, external_id, resume_key_hash, created_at) VALUES (?1, ?2, ?3, ?4, NULL, ?5)
         ON CONFLICT (external_id) DO UPDATE SET name = CASE WHEN ?6 = 1 THEN customers.name ELSE excluded.name END,
           email = COALESCE(excluded.email, customers.email)`,
      )
      .run(c.id, c.name, c.email, c.externalId, c.createdAt, options.keepName ? 1 : 0);
    const row = this.database.sql('SELECT * FROM customers WHERE external_id = ?').get(c.externalId) as unknown as CustomerRow;
    return toCustomer(row);
  }

  get(id: string): Customer | null {
    this.database.assertOpen();
    const row = this.database.sql('SELECT * FROM customers WHERE id = ?').get(id) as CustomerRow | undefined;
    return row ? toCustomer(row) : null;
  }

  update(id: string, patch: CustomerPatch): Customer | null {
    this.database.assertOpen();
    const row = this.database
      .sql(
        `UPDATE customers SET name = CASE WHEN ?2 = 1 THEN ?3 ELSE name END, email = CASE WHEN ?4 = 1 THEN ?5 ELSE email END
         WHERE id = ?1 RETURNING *`,
      )
      .get(id, patch.name === undefined ? 0 : 1, patch.name ?? null, patch.email === undefined ? 0 : 1, patch.email ?? null) as
      | CustomerRow
      | undefined;
    return row ? toCustomer(row) : null;
  }

  recordSeen(ids: readonly string[], at: string): void {
    this.database.assertOpen();
    if (ids.length === 0) return;
    // json_each keeps it one statement whatever the count (no 32,766-parameter ceiling).
    this.database
      .sql("UPDATE customers SET last_seen_at = MAX(COALESCE(last_seen_at, ''), ?1) WHERE id IN (SELECT value FROM json_each(?2))")
      .run(at, JSON.stringify(ids));
  }

  findByResumeKeyHash(hash: string): Customer | null {
    this.database.assertOpen();
    const row = this.database.sql('SELECT * FROM customers WHERE resume_key_hash = ?').get(hash) as CustomerRow | undefined;
    return row ? toCustomer(row) : null;
  }
}
