/** Named settings in the embedded store (table `settings`). */
import type { SettingsStore } from '../store.js';
import type { SqliteDatabase } from './sqlite-database.js';

export class SqliteSettings implements SettingsStore {
  constructor(private readonly database: SqliteDatabase) {}

  async getOrCreate(name: string, make: () => string): Promise<string> {
    this.database.assertOpen();
    const read = () => this.database.sql('SELECT value FROM settings WHERE name = ?').get(name) as { value: string } | undefined;
    const stored = read();
    if (stored) return stored.value;
    this.database.sql('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, make());
    return read()!.value;
  }

  async get(name: string): Promise<string | null> {
    this.database.assertOpen();
    const row = this.database.sql('SELECT value FROM settings WHERE name = ?').get(name) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async set(name: string, value: string): Promise<void> {
    this.database.assertOpen();
    this.database.sql('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
  }
}
