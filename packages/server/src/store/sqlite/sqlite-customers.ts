/** Customers in the embedded store: visitors (resume key) and identified customers (external id). */
import type { Customer } from '@parley/protocol';
import type { NewCustomer } from '../store.js';
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

  findByResumeKeyHash(hash: string): Customer | null {
    this.database.assertOpen();
    const row = this.database.sql('SELECT * FROM customers WHERE resume_key_hash = ?').get(hash) as CustomerRow | undefined;
    return row ? toCustomer(row) : null;
  }
}
