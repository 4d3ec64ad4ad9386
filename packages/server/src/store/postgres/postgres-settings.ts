/** Named settings in the PostgreSQL store (table `settings`): the first node to store a value wins, the others read it. */
import type { SettingsStore } from '../store.js';
import type { PostgresDatabase } from './postgres-database.js';

export class PostgresSettings implements SettingsStore {
  constructor(private readonly database: PostgresDatabase) {}

  async getOrCreate(name: string, make: () => string): Promise<string> {
    const [stored] = await this.database.query<{ value: string }>('SELECT value FROM settings WHERE name = $1', [name]);
    if (stored) return stored.value;
    await this.database.query('INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, make()]);
    const [row] = await this.database.query<{ value: string }>('SELECT value FROM settings WHERE name = $1', [name]);
    return row!.value;
  }

  async get(name: string): Promise<string | null> {
    const [row] = await this.database.query<{ value: string }>('SELECT value FROM settings WHERE name = $1', [name]);
    return row?.value ?? null;
  }

  async set(name: string, value: string): Promise<void> {
    await this.database.query('INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
  }
}
