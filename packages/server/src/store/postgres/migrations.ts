/**
 * Schema migrations of the PostgreSQL store, versioned in code like SQLite's
 * (its numbering is its own) and recorded in `schema_migrations`. Append new
 * entries; never edit one that has shipped. A feature that needs a table adds
 * it here and in the SQLite list, under the store contract suite.
 *
 * Several nodes may start at the same moment on an empty database: the runner
 * holds a session-level advisory lock (polled for, not waited in: see
 * lockMigrations) while it reads the version and applies
 * what is missing, so one node migrates while the others wait, then find
 * nothing left to do. Our own runner rather than node-pg-migrate: that tool
 * gives up when the lock is taken ("Another migration is already running"),
 * which would fail two of three nodes started together, and loads migrations
 * from a folder of files at run time; ours is the SQLite runner's twin.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';

export type Migration = {
  version: number;
  description: string;
} & (
  | {
      /** Run in one transaction, with the row that records the version. */
      sql: string;
    }
  | {
      /**
       * Run one by one outside any transaction, for what cannot run inside one (`CREATE INDEX CONCURRENTLY`,
       * so that appends go on while an index over every message is built) or must not hold a lock on a whole
       * table while it works through every row. Each must be safe to run again: a
       * crash part-way leaves the version unrecorded, and the next start runs them all again.
       */
      concurrent: string[];
    }
);

/** Key of the advisory lock the runner holds (any constant; "parley" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x7061726c6579;

export const migrations: Migration[] = [
  {
    version: 1,
    description: 'customers, agents, queries, messages (two streams), read cursors, canned replies, attachments, job runs, settings',
    sql: `
      CREATE TABLE customers (
        id text PRIMARY KEY,
        name text NOT NULL,
        email text,
        external_id text UNIQUE,
        resume_key_hash text UNIQUE,
        created_at timestamptz NOT NULL
      );
      CREATE TABLE agents (
        id text PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('agent', 'admin')),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL
      );
      -- Emails are unique whatever their case, as in SQLite (COLLATE NOCASE).
      CREATE UNIQUE INDEX agents_by_email ON agents (lower(email));
      CREATE TABLE queries (
        id text PRIMARY KEY,
        subject text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'pending', 'resolved')),
        customer_id text NOT NULL REFERENCES customers (id),
        assignee_id text REFERENCES agents (id),
        client_id text,
        -- The per-query seq counters: raised in the transaction that inserts the message, under the row's lock,
        -- so seqs have no gap and no reuse whichever node appends (a sequence would leave gaps on rollback).
        last_seq integer NOT NULL DEFAULT 0,
        last_note_seq integer NOT NULL DEFAULT 0,
        last_message_id text,
        customer_read_seq integer NOT NULL DEFAULT 0,
        agent_read_seq integer NOT NULL DEFAULT 0,
        waiting_since timestamptz,
        rating_score smallint,
        rating_comment text,
        rated_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX queries_by_created ON queries (created_at DESC, id DESC);
      CREATE INDEX queries_by_customer ON queries (customer_id, created_at DESC, id DESC);
      CREATE INDEX queries_by_assignee ON queries (assignee_id, status);
      -- NULLs are distinct in a UNIQUE index, so queries opened without a clientId never collide.
      CREATE UNIQUE INDEX queries_by_client_id ON queries (customer_id, client_id);
      CREATE TABLE messages (
        id text PRIMARY KEY,
        query_id text NOT NULL REFERENCES queries (id),
        internal boolean NOT NULL,
        seq integer NOT NULL,
        client_id text NOT NULL,
        author_id text NOT NULL,
        author_role text NOT NULL,
        author_name text NOT NULL,
        body text NOT NULL,
        -- The refs of the message's files (message-attachments-column.ts); NULL for the usual message without any.
        attachments jsonb,
        created_at timestamptz NOT NULL,
        UNIQUE (query_id, internal, seq),
        UNIQUE (query_id, client_id)
      );
      CREATE TABLE read_cursors (
        query_id text NOT NULL REFERENCES queries (id),
        user_id text NOT NULL,
        seq integer NOT NULL,
        PRIMARY KEY (query_id, user_id)
      );
      CREATE TABLE canned_replies (
        id text PRIMARY KEY,
        shortcut text NOT NULL UNIQUE,
        title text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE attachments (
        id text PRIMARY KEY,
        query_id text NOT NULL REFERENCES queries (id),
        uploader_id text NOT NULL,
        name text NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL,
        message_id text REFERENCES messages (id),
        created_at timestamptz NOT NULL
      );
      CREATE INDEX attachments_by_query ON attachments (query_id, uploader_id);
      CREATE INDEX attachments_unclaimed ON attachments (created_at) WHERE message_id IS NULL;
      -- The bytes of each file, in chunks written and read one at a time, so no request holds a whole file.
      CREATE TABLE attachment_chunks (
        attachment_id text NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
        idx integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (attachment_id, idx)
      );
      -- Pictures and PDFs are already compressed: store the chunks out of line without trying again.
      ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
      CREATE TABLE job_runs (
        name text PRIMARY KEY,
        last_run_at timestamptz NOT NULL
      );
      CREATE TABLE settings (
        name text PRIMARY KEY,
        value text NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "agents' token version: raised by a password change or sign-out everywhere, it revokes older tokens",
    sql: `ALTER TABLE agents ADD COLUMN token_version integer NOT NULL DEFAULT 0;`,
  },
  {
    version: 3,
    description: 'webhooks: endpoints, the outbox of events, one delivery per (event, endpoint)',
    sql: `
      CREATE TABLE webhook_endpoints (
        id text PRIMARY KEY,
        url text NOT NULL,
        secret text NOT NULL,
        events text[] NOT NULL,
        include_notes boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE webhook_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        payload text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE TABLE webhook_deliveries (
        id text PRIMARY KEY,
        event_id text NOT NULL REFERENCES webhook_events (id),
        endpoint_id text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        retry_until timestamptz,
        lease_id text,
        lease_until timestamptz,
        last_attempt_at timestamptz,
        response_status integer,
        response_body text,
        error text,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);
      CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
    `,
  },
  {
    version: 4,
    description: 'reply emails: the highest public seq each customer was emailed about',
    sql: `
      ALTER TABLE queries ADD COLUMN email_notified_seq integer NOT NULL DEFAULT 0;
      -- Replies already sent before this version are not emailed after an upgrade.
      UPDATE queries SET email_notified_seq = last_seq;
      -- Only queries with replies unread and not emailed yet: small, whatever the history.
      CREATE INDEX queries_unread_replies ON queries (updated_at)
        WHERE email_notified_seq < last_seq AND customer_read_seq < last_seq;
    `,
  },
  {
    version: 5,
    description: 'transcripts: the customer asked for the conversation by email on resolve, and how far one was sent',
    sql: `
      ALTER TABLE queries ADD COLUMN transcript_requested boolean NOT NULL DEFAULT false;
      ALTER TABLE queries ADD COLUMN transcript_sent_seq integer NOT NULL DEFAULT 0;
      CREATE INDEX queries_transcripts_due ON queries (updated_at)
        WHERE transcript_requested AND status = 'resolved' AND transcript_sent_seq < last_seq;
    `,
  },
  {
    version: 6,
    description: "messages written offline: when the author wrote it, if well before it was stored",
    sql: `ALTER TABLE messages ADD COLUMN written_at timestamptz;`,
  },
  {
    version: 7,
    description: 'customers: when a socket of theirs last connected or went (the agents’ customer panel)',
    sql: `ALTER TABLE customers ADD COLUMN last_seen_at timestamptz;`,
  },
  {
    version: 8,
    description: 'query timeline: assignments, transfers, resolutions and reopenings, with who and when',
    sql: `
      CREATE TABLE query_events (
        id text PRIMARY KEY,
        -- Insertion order, for events of one change that share their moment.
        seq bigserial NOT NULL,
        query_id text NOT NULL REFERENCES queries (id),
        type text NOT NULL,
        actor_id text,
        actor_role text,
        actor_name text,
        assignee_id text,
        assignee_name text,
        previous_assignee_id text,
        previous_assignee_name text,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX query_events_by_query ON query_events (query_id, created_at);
    `,
  },
  {
    version: 9,
    description: 'search: a full-text (GIN) index of message bodies, kept by PostgreSQL in the transaction of each append',
    sql: `
      -- An expression index rather than a stored tsvector column: nothing more in every row that history reads.
      CREATE INDEX messages_body_search ON messages USING gin (to_tsvector('simple', body));
      -- Newest first: for a common word the planner walks this and stops at a page (0.4 ms on a million messages
      -- instead of 650 ms sorting every match); for a rare one it takes the GIN index (bench/src/search/).
      CREATE INDEX messages_by_created ON messages (created_at DESC, id DESC);
    `,
  },
  {
    version: 10,
    description: 'teams: members, the default team, auto-assignment with a capacity per agent; queries belong to a team',
    sql: `
      CREATE TABLE teams (
        id text PRIMARY KEY,
        name text NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        auto_assign boolean NOT NULL DEFAULT false,
        capacity integer NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX teams_one_default ON teams (is_default) WHERE is_default;
      CREATE TABLE team_members (
        team_id text NOT NULL REFERENCES teams (id),
        agent_id text NOT NULL REFERENCES agents (id),
        PRIMARY KEY (team_id, agent_id)
      );
      ALTER TABLE queries ADD COLUMN team_id text REFERENCES teams (id);
      CREATE INDEX queries_waiting_by_team ON queries (team_id, created_at) WHERE assignee_id IS NULL AND status <> 'resolved';
    `,
  },
  {
    version: 11,
    description: 'teams: business hours (JSON, in a time zone) and the automatic reply sent outside them',
    sql: `
      ALTER TABLE teams ADD COLUMN hours text;
      ALTER TABLE teams ADD COLUMN auto_reply text;
    `,
  },
  {
    version: 12,
    description: "messages: the idempotency key's index led by client_id, so time-ordered client ids (UUIDv7) append at its end",
    // As SQLite's migration 17: the same uniqueness and lookups (both columns compared for equality), but with
    // the SDK's UUIDv7 client ids a group commit's messages share the index's rightmost leaf instead of dirtying
    // one per conversation (and, after each checkpoint, writing each of those pages whole to the WAL).
    // docs/performance.md, "The idempotency index". The new constraint exists before the old one goes.
    sql: `
      ALTER TABLE messages ADD CONSTRAINT messages_client_id_query_id_key UNIQUE (client_id, query_id);
      ALTER TABLE messages DROP CONSTRAINT messages_query_id_client_id_key;
    `,
  },
  {
    version: 13,
    description: 'search: message text indexed with its accents folded ("cafe" finds "café"), as SQLite\'s FTS5 index does',
    // Folding without the unaccent extension, which a database owner may not be allowed to create: NFD splits a
    // letter from its accents, and the accents (the combining diacritical marks' blocks) are dropped. Both sides
    // of a search go through this one function (postgres-search.ts), so they always fold alike. IMMUTABLE, as an
    // index expression must be: normalize() and regexp_replace() are. All-ASCII text (as many bytes as characters)
    // has nothing to fold and skips both: about 2 µs more per indexed message than no folding, instead of 6
    // (accented text 4–7 µs; 200,000-row inserts on the development machine). The new index is built
    // CONCURRENTLY (about 40 s per million messages there) while appends go on; one left invalid by a crash
    // during the build is dropped and built again.
    concurrent: [
      `CREATE OR REPLACE FUNCTION parley_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT CASE WHEN octet_length($1) = char_length($1) THEN $1
          ELSE regexp_replace(normalize($1, NFD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g') END $$`,
      'DROP INDEX CONCURRENTLY IF EXISTS messages_body_folded',
      "CREATE INDEX CONCURRENTLY messages_body_folded ON messages USING gin (to_tsvector('simple', parley_fold(body)))",
      'DROP INDEX CONCURRENTLY IF EXISTS messages_body_search',
    ],
  },
  {
    version: 14,
    description: "queries: agents' unread count, the customer's messages after the agents' read cursor (automatic replies left out)",
    // As SQLite's migration 18, in steps outside a transaction: a column with a constant default is only catalog
    // work, and the count is then filled in by one UPDATE that locks only the rows it changes (the queries with
    // unread customer messages), instead of the whole table for as long as the count takes. New rows default to 1
    // once it is done: every query starts with one message from its customer, also one a node still on the
    // previous version creates during a rolling upgrade (docs/operations.md says how to count again after one).
    concurrent: [
      'ALTER TABLE queries ADD COLUMN IF NOT EXISTS agent_unread integer NOT NULL DEFAULT 0',
      `UPDATE queries q SET agent_unread = u.n
        FROM (SELECT m.query_id, COUNT(*)::int AS n FROM messages m JOIN queries q2 ON q2.id = m.query_id
          WHERE NOT m.internal AND m.author_role = 'customer' AND m.seq > q2.agent_read_seq GROUP BY m.query_id) u
        WHERE q.id = u.query_id AND q.agent_unread <> u.n`,
      'ALTER TABLE queries ALTER COLUMN agent_unread SET DEFAULT 1',
    ],
  },
];

/** The newest schema version this server knows. */
export const LATEST_VERSION = migrations.at(-1)?.version ?? 0;

/**
 * Brings the database to the latest version, one transaction per migration, holding the advisory lock the
 * whole time so concurrent starts apply each migration once.
 * @returns the version the database is at
 * @throws when the database was written by a newer server
 */
export async function migrate(client: pg.ClientBase): Promise<number> {
  await assertServerSupported(client);
  await lockMigrations(client);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      description text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    let version = rows[0]?.version ?? 0;
    if (version > LATEST_VERSION) {
      throw new Error(`database schema version ${version} is newer than this server (${LATEST_VERSION}); upgrade the server`);
    }
    for (const m of migrations) {
      if (m.version <= version) continue;
      const record = () => client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [m.version, m.description]);
      if ('concurrent' in m) {
        for (const statement of m.concurrent) await client.query(statement);
        await record();
      } else {
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await record();
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      version = m.version;
    }
    return version;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

/**
 * The schema needs PostgreSQL 13 or newer and a UTF8 database (migration 13's `normalize()`): said at start, in
 * words, rather than as a failed migration's "function normalize does not exist".
 * @throws when the server is older or the database's encoding is not UTF8
 */
export async function assertServerSupported(client: Pick<pg.ClientBase, 'query'>): Promise<void> {
  const { rows } = await client.query<{ version_num: string; version: string; encoding: string }>(
    `SELECT current_setting('server_version_num') AS version_num, current_setting('server_version') AS version,
       pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()`,
  );
  const server = rows[0];
  if (!server) throw new Error('could not read the PostgreSQL server version');
  if (Number(server.version_num) < 130000) throw new Error(`Parley needs PostgreSQL 13 or newer; this server is ${server.version}`);
  if (server.encoding !== 'UTF8') {
    throw new Error(`Parley needs a database with the UTF8 encoding; this one uses ${server.encoding} (CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0)`);
  }
}

/** How often a node waiting for another's migrations asks for the lock again. */
const LOCK_POLL_MS = 100;

/**
 * Takes the migration lock, asking again every {@link LOCK_POLL_MS} while another node holds it. Not
 * `pg_advisory_lock`: a node waiting in it holds a snapshot all the while, and `CREATE INDEX CONCURRENTLY` in the
 * node that migrates waits for every older snapshot to end — each would wait for the other until PostgreSQL's
 * deadlock check failed one of them.
 */
async function lockMigrations(client: pg.ClientBase): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
    if (rows[0]?.locked) return;
    await delay(LOCK_POLL_MS);
  }
}
