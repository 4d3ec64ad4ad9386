/**
 * Schema migrations of the SQLite store, versioned in code and tracked with
 * `PRAGMA user_version`. Append new entries; never edit one that has shipped.
 * Feature folders that need tables add a migration here.
 */
import type { DatabaseSync } from 'node:sqlite';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /**
   * For a migration that rebuilds a table other tables reference: it runs with foreign keys off (a DROP TABLE with
   * them on deletes every row first, firing triggers and failing on references), and the tables named here are
   * checked with `PRAGMA foreign_key_check` before it commits (SQLite's "making other kinds of table schema changes").
   */
  foreignKeysOffChecking?: string[];
}

export const migrations: Migration[] = [
  {
    version: 1,
    description: 'customers, agents, queries, messages (two streams), read cursors',
    sql: `
      CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT,
        external_id TEXT UNIQUE,
        resume_key_hash TEXT UNIQUE,
        created_at TEXT NOT NULL
      );
      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
      );
      CREATE TABLE queries (
        id TEXT PRIMARY KEY,
        subject TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'resolved')),
        customer_id TEXT NOT NULL REFERENCES customers (id),
        assignee_id TEXT REFERENCES agents (id),
        last_seq INTEGER NOT NULL DEFAULT 0,
        last_note_seq INTEGER NOT NULL DEFAULT 0,
        last_message_id TEXT,
        customer_read_seq INTEGER NOT NULL DEFAULT 0,
        agent_read_seq INTEGER NOT NULL DEFAULT 0,
        waiting_since TEXT,
        rating_score INTEGER,
        rating_comment TEXT,
        rated_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX queries_by_created ON queries (created_at DESC, id DESC);
      CREATE INDEX queries_by_customer ON queries (customer_id, created_at DESC, id DESC);
      CREATE INDEX queries_by_assignee ON queries (assignee_id, status);
      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        query_id TEXT NOT NULL REFERENCES queries (id),
        internal INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        client_id TEXT NOT NULL,
        author_id TEXT NOT NULL,
        author_role TEXT NOT NULL,
        author_name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (query_id, internal, seq),
        UNIQUE (query_id, client_id)
      );
      CREATE TABLE read_cursors (
        query_id TEXT NOT NULL REFERENCES queries (id),
        user_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (query_id, user_id)
      );
    `,
  },
  {
    version: 2,
    description: 'canned replies (canned-replies/)',
    sql: `
      CREATE TABLE canned_replies (
        id TEXT PRIMARY KEY,
        shortcut TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: 'attachments (attachments/): uploaded files, and the ones each message carries',
    sql: `
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        query_id TEXT NOT NULL REFERENCES queries (id),
        uploader_id TEXT NOT NULL,
        name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        storage_name TEXT NOT NULL UNIQUE,
        message_id TEXT REFERENCES messages (id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX attachments_by_query ON attachments (query_id, uploader_id);
      -- JSON of the message's attachments; NULL for the usual message without any, so reads stay one row.
      ALTER TABLE messages ADD COLUMN attachments TEXT;
    `,
  },
  {
    version: 4,
    description: "idempotent query creation: a customer's clientId opens at most one query",
    sql: `
      ALTER TABLE queries ADD COLUMN client_id TEXT;
      -- NULLs are distinct in a UNIQUE index, so queries opened without a clientId never collide.
      CREATE UNIQUE INDEX queries_by_client_id ON queries (customer_id, client_id);
    `,
  },
  {
    version: 5,
    description: 'job runs (once-per-cluster background work) and settings',
    sql: `
      CREATE TABLE job_runs (
        name TEXT PRIMARY KEY,
        last_run_at TEXT NOT NULL
      );
      CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 6,
    description: "agents' token version: raised by a password change or sign-out everywhere, it revokes older tokens",
    sql: `ALTER TABLE agents ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 7,
    description: 'webhooks: endpoints, the outbox of events, one delivery per (event, endpoint)',
    sql: `
      CREATE TABLE webhook_endpoints (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        secret TEXT NOT NULL,
        events TEXT NOT NULL, -- JSON array of event types
        include_notes INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE webhook_events (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE webhook_deliveries (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES webhook_events (id),
        endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        retry_until TEXT,
        lease_id TEXT,
        lease_until TEXT,
        last_attempt_at TEXT,
        response_status INTEGER,
        response_body TEXT,
        error TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);
      CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
    `,
  },
  {
    version: 8,
    description: 'reply emails: the highest public seq each customer was emailed about',
    sql: `
      ALTER TABLE queries ADD COLUMN email_notified_seq INTEGER NOT NULL DEFAULT 0;
      -- Replies already sent before this version are not emailed after an upgrade.
      UPDATE queries SET email_notified_seq = last_seq;
      -- Only queries with replies unread and not emailed yet: small, whatever the history.
      CREATE INDEX queries_unread_replies ON queries (updated_at)
        WHERE email_notified_seq < last_seq AND customer_read_seq < last_seq;
    `,
  },
  {
    version: 9,
    description: 'transcripts: the customer asked for the conversation by email on resolve, and how far one was sent',
    sql: `
      ALTER TABLE queries ADD COLUMN transcript_requested INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE queries ADD COLUMN transcript_sent_seq INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX queries_transcripts_due ON queries (updated_at)
        WHERE transcript_requested = 1 AND status = 'resolved' AND transcript_sent_seq < last_seq;
    `,
  },
  {
    version: 10,
    description: "messages written offline: when the author wrote it, if well before it was stored",
    sql: `ALTER TABLE messages ADD COLUMN written_at TEXT;`,
  },
  {
    version: 11,
    description: 'customers: when a socket of theirs last connected or went (the agents’ customer panel)',
    sql: `ALTER TABLE customers ADD COLUMN last_seen_at TEXT;`,
  },
  {
    version: 12,
    description: 'query timeline: assignments, transfers, resolutions and reopenings, with who and when',
    sql: `
      CREATE TABLE query_events (
        id TEXT PRIMARY KEY,
        query_id TEXT NOT NULL REFERENCES queries (id),
        type TEXT NOT NULL,
        actor_id TEXT,
        actor_role TEXT,
        actor_name TEXT,
        assignee_id TEXT,
        assignee_name TEXT,
        previous_assignee_id TEXT,
        previous_assignee_name TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX query_events_by_query ON query_events (query_id, created_at);
    `,
  },
  {
    version: 13,
    description: 'search: a full-text index of message bodies, kept by triggers in the transaction of each append',
    sql: `
      CREATE VIRTUAL TABLE messages_fts USING fts5 (body, content = 'messages', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
      END;
    `,
  },
  {
    version: 14,
    description: 'teams: members, the default team, auto-assignment with a capacity per agent; queries belong to a team',
    sql: `
      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        is_default INTEGER NOT NULL DEFAULT 0,
        auto_assign INTEGER NOT NULL DEFAULT 0,
        capacity INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX teams_one_default ON teams (is_default) WHERE is_default = 1;
      CREATE TABLE team_members (
        team_id TEXT NOT NULL REFERENCES teams (id),
        agent_id TEXT NOT NULL REFERENCES agents (id),
        PRIMARY KEY (team_id, agent_id)
      );
      ALTER TABLE queries ADD COLUMN team_id TEXT REFERENCES teams (id);
      CREATE INDEX queries_waiting_by_team ON queries (team_id, created_at) WHERE assignee_id IS NULL AND status <> 'resolved';
    `,
  },
  {
    version: 15,
    description: 'teams: business hours (JSON, in a time zone) and the automatic reply sent outside them',
    sql: `
      ALTER TABLE teams ADD COLUMN hours TEXT;
      ALTER TABLE teams ADD COLUMN auto_reply TEXT;
    `,
  },
  {
    version: 16,
    description: 'search: messages are indexed in bulk a moment after they are stored, and before each search, not in each append',
    sql: `
      -- The largest messages rowid in messages_fts (sqlite-search-index.ts moves it in the transaction that indexes).
      CREATE TABLE messages_fts_progress (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_upto INTEGER NOT NULL);
      INSERT INTO messages_fts_progress (id, indexed_upto) VALUES (1, (SELECT COALESCE(MAX(rowid), 0) FROM messages));
      DROP TRIGGER messages_fts_insert;
      DROP TRIGGER messages_fts_delete;
      -- Only an indexed row is in the index. Once the largest rowid is deleted SQLite gives it again: the mark
      -- never stays above the largest row, so a row that reuses a rowid is indexed.
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
        WHEN old.rowid <= (SELECT indexed_upto FROM messages_fts_progress) BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
        UPDATE messages_fts_progress SET indexed_upto = MIN(indexed_upto, (SELECT COALESCE(MAX(rowid), 0) FROM messages));
      END;
    `,
  },
  {
    version: 17,
    description: "messages: the idempotency key's index led by client_id, so time-ordered client ids (UUIDv7) append at its end",
    foreignKeysOffChecking: ['messages', 'attachments'],
    // SQLite cannot change a table's UNIQUE constraint in place: the table is copied, rowids kept (the search
    // index refers to them), and its trigger made again. With (query_id, client_id) every message of a group
    // commit dirtied its conversation's leaf of that index; with (client_id, query_id) and UUIDv7 client ids
    // (the SDK's) they all go to the rightmost leaf. Same uniqueness, same lookups (both columns are compared
    // for equality). docs/performance.md, "The idempotency index".
    sql: `
      DROP TRIGGER messages_fts_delete;
      CREATE TABLE messages_rebuilt (
        id TEXT PRIMARY KEY,
        query_id TEXT NOT NULL REFERENCES queries (id),
        internal INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        client_id TEXT NOT NULL,
        author_id TEXT NOT NULL,
        author_role TEXT NOT NULL,
        author_name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attachments TEXT,
        written_at TEXT,
        UNIQUE (query_id, internal, seq),
        UNIQUE (client_id, query_id)
      );
      INSERT INTO messages_rebuilt (rowid, id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at, attachments, written_at)
        SELECT rowid, id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at, attachments, written_at FROM messages;
      DROP TABLE messages;
      ALTER TABLE messages_rebuilt RENAME TO messages;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
        WHEN old.rowid <= (SELECT indexed_upto FROM messages_fts_progress) BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
        UPDATE messages_fts_progress SET indexed_upto = MIN(indexed_upto, (SELECT COALESCE(MAX(rowid), 0) FROM messages));
      END;
    `,
  },
  {
    version: 18,
    description: "queries: agents' unread count, the customer's messages after the agents' read cursor (automatic replies left out)",
    // Counted once here from the (query_id, internal, seq) index, then kept by every append and agent read.
    sql: `
      ALTER TABLE queries ADD COLUMN agent_unread INTEGER NOT NULL DEFAULT 0;
      UPDATE queries SET agent_unread = (SELECT COUNT(*) FROM messages m
        WHERE m.query_id = queries.id AND m.internal = 0 AND m.author_role = 'customer' AND m.seq > queries.agent_read_seq);
    `,
  },
  {
    version: 19,
    description: 'messages_fts: no merging inside the indexing transactions (sqlite-search-merges.ts merges in steps of its own)',
    // FTS5 keeps the setting in messages_fts_config, so it holds for every connection from now on.
    sql: `INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 0);`,
  },
];

/** Brings the database to the latest version, one transaction per migration. */
export function migrate(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  let version = row.user_version;
  const latest = migrations.at(-1)?.version ?? 0;
  if (version > latest) {
    throw new Error(`database schema version ${version} is newer than this server (${latest}); upgrade the server`);
  }
  for (const m of migrations) {
    if (m.version <= version) continue;
    const foreignKeys = (db.prepare('PRAGMA foreign_keys').get() as { foreign_keys: number }).foreign_keys;
    // Only outside a transaction does this pragma take effect.
    if (m.foreignKeysOffChecking) db.exec('PRAGMA foreign_keys = OFF');
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(m.sql);
      for (const table of m.foreignKeysOffChecking ?? []) {
        const broken = db.prepare(`PRAGMA foreign_key_check(${table})`).all();
        if (broken.length > 0) throw new Error(`migration ${m.version} would leave ${broken.length} broken references in ${table}`);
      }
      db.exec(`PRAGMA user_version = ${m.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    } finally {
      if (m.foreignKeysOffChecking) db.exec(`PRAGMA foreign_keys = ${foreignKeys}`);
    }
    version = m.version;
  }
  return version;
}
