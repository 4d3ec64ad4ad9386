/** Customers in the PostgreSQL store: visitors (resume key) and identified customers (external id). */
import type { Customer } from '@parley/protocol';
import { type CustomerRow, toCustomer } from '../rows.js';
import type { CustomerPatch, NewCustomer } from '../store.js';
import type { PostgresDatabase } from './postgres-database.js';

export class PostgresCustomers {
  constructor(private readonly database: PostgresDatabase) {}

  async create(c: NewCustomer): Promise<Customer> {
    await this.database.query(
      'INSERT INTO customers (id, name, email, external_id, resume_key_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [c.id, c.name, c.email, c.externalId, c.resumeKeyHash, c.createdAt],
    );
    return toCustomer({ id: c.id, name: c.name, email: c.email, external_id: c.externalId, created_at: c.createdAt });
  }

  async upsertByExternalId(c: NewCustomer, options: { keepName?: boolean } = {}): Promise<Customer> {
    // The external identity is the key; a later sign-in may bring a newer name or email (a sign-in without a
    // name keeps the one on file). One statement, so two nodes signing the same customer in agree on one row.
    const rows = await this.database.query<CustomerRow>(
      `INSERT INTO customers (id, name, email, external_id, resume_key_hash, created_at) VALUES ($1, $2, $3, $4, NULL, $5)
       ON CONFLICT (external_id) DO UPDATE SET name = CASE WHEN $6 THEN customers.name ELSE excluded.name END,
         email = COALESCE(excluded.email, customers.email)
       RETURNING id, name, email, external_id, created_at, last_seen_at`,
      [c.id, c.name, c.email, c.externalId, c.createdAt, options.keepName === true],
    );
    return toCustomer(rows[0]!);
  }

  async get(id: string): Promise<Customer | null> {
    const [row] = await this.database.query<CustomerRow>('SELECT * FROM customers WHERE id = $1', [id]);
    return row ? toCustomer(row) : null;
  }

  async update(id: string, patch: CustomerPatch): Promise<Customer | null> {
    const [row] = await this.database.query<CustomerRow>(
      `UPDATE customers SET name = CASE WHEN $2 THEN $3 ELSE name END, email = CASE WHEN $4 THEN $5 ELSE email END
       WHERE id = $1 RETURNING *`,
      [id, patch.name !== undefined, patch.name ?? null, patch.email !== undefined, patch.email ?? null],
    );
    return row ? toCustomer(row) : null;
  }

  async recordSeen(ids: readonly string[], at: string): Promise<void> {
    if (ids.length === 0) return;
    // GREATEST: two nodes reporting out of order never move it back.
    await this.database.query(
      'UPDATE customers SET last_seen_at = GREATEST(last_seen_at, $1::timestamptz) WHERE id = ANY($2::text[])',
      [at, ids],
    );
  }

  async findByResumeKeyHash(hash: string): Promise<Customer | null> {
    const [row] = await this.database.query<CustomerRow>('SELECT * FROM customers WHERE resume_key_hash = $1', [hash]);
    return row ? toCustomer(row) : null;
  }
}
