/**
 * Row shapes of both stores and their mapping to protocol entities. The two
 * schemas use the same table and column names; they differ only in how a
 * driver hands values back — SQLite's 0/1 where PostgreSQL has booleans, its
 * ISO text where PostgreSQL has timestamptz (turned into the same ISO text by
 * the PostgreSQL pool's type parsers), JSON text where PostgreSQL has jsonb —
 * and these mappers take either.
 */
import { Limits } from '@parley/protocol';
import type { Agent, CannedReply, Customer, Message, Query, QueryStatus, Rating, Role, StaffRole } from '@parley/protocol';
import { AppError } from '../errors/app-error.js';
import type { AttachmentRecord, AttachmentRef } from '../attachments/attachment-store.js';
import { decodeAttachments } from './message-attachments-column.js';
import type { ClaimableAttachment } from './append-plan.js';
import type { AgentRecord } from './store.js';

/** SQLite's INTEGER 0/1 or PostgreSQL's boolean. */
export type DbBoolean = number | boolean;

export interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
  external_id: string | null;
  created_at: string;
  last_seen_at?: string | Date | null;
}

export interface AgentRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  active: DbBoolean;
  token_version: number;
  created_at: string;
}

export interface MessageRow {
  id: string;
  query_id: string;
  internal: DbBoolean;
  seq: number;
  client_id: string;
  author_id: string;
  author_role: Role;
  author_name: string;
  body: string;
  created_at: string;
  /** JSON (message-attachments-column.ts); null without attachments. */
  attachments: string | AttachmentRef[] | null;
  /** Migration 10 (SQLite) / 6 (PostgreSQL); null unless written well before it was stored. */
  written_at?: string | null;
}

export interface QueryRow {
  id: string;
  subject: string;
  status: QueryStatus;
  customer_id: string;
  customer_name: string;
  assignee_id: string | null;
  assignee_name: string | null;
  /** Migration 14 (SQLite) / 10 (PostgreSQL). */
  team_id?: string | null;
  team_name?: string | null;
  last_seq: number;
  last_note_seq: number;
  /** `q.*` carries it; the last message's preview (`lm_*`) is joined through it. */
  last_message_id?: string | null;
  customer_read_seq: number;
  agent_read_seq: number;
  /** Migration 18 (SQLite) / 14 (PostgreSQL): the customer's messages after agent_read_seq. */
  agent_unread: number;
  waiting_since: string | null;
  rating_score: number | null;
  rating_comment: string | null;
  rated_at: string | null;
  /** Migration 9 (SQLite) / 5 (PostgreSQL). */
  transcript_requested: DbBoolean;
  created_at: string;
  updated_at: string;
  lm_seq: number | null;
  lm_body: string | null;
  lm_author_id: string | null;
  lm_author_role: Role | null;
  lm_author_name: string | null;
  lm_created_at: string | null;
}

/** The SELECT every query read goes through, joined with names and the last public message. */
export const querySelect = `
  SELECT q.*, c.name AS customer_name, a.name AS assignee_name, t.name AS team_name,
    m.seq AS lm_seq, m.body AS lm_body, m.author_id AS lm_author_id,
    m.author_role AS lm_author_role, m.author_name AS lm_author_name, m.created_at AS lm_created_at
  FROM queries q
  JOIN customers c ON c.id = q.customer_id
  LEFT JOIN agents a ON a.id = q.assignee_id
  LEFT JOIN teams t ON t.id = q.team_id
  LEFT JOIN messages m ON m.id = q.last_message_id`;

export function toCustomer(row: CustomerRow): Customer {
  const seen = row.last_seen_at;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    externalId: row.external_id,
    createdAt: row.created_at,
    lastSeenAt: seen instanceof Date ? seen.toISOString() : (seen ?? null),
  };
}

export function toAgentRecord(row: AgentRow): AgentRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: Boolean(row.active),
    createdAt: row.created_at,
    passwordHash: row.password_hash,
    tokenVersion: row.token_version,
  };
}

export function toAgent(row: AgentRow): Agent {
  const { passwordHash: _hash, tokenVersion: _version, ...agent } = toAgentRecord(row);
  return agent;
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    queryId: row.query_id,
    seq: row.seq,
    clientId: row.client_id,
    author: { id: row.author_id, role: row.author_role, name: row.author_name },
    body: row.body,
    internal: Boolean(row.internal),
    attachments: decodeAttachments(row.attachments),
    createdAt: row.created_at,
    ...(row.written_at ? { writtenAt: row.written_at } : {}),
  };
}

export function toQuery(row: QueryRow): Query {
  const rating: Rating | null =
    row.rating_score === null
      ? null
      : { score: row.rating_score as Rating['score'], comment: row.rating_comment, createdAt: row.rated_at ?? row.updated_at };
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    customer: { id: row.customer_id, name: row.customer_name },
    assignee: row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? '' },
    lastSeq: row.last_seq,
    lastNoteSeq: row.last_note_seq,
    lastMessage:
      row.lm_seq === null
        ? null
        : {
            seq: row.lm_seq,
            body: (row.lm_body ?? '').slice(0, Limits.PREVIEW_MAX),
            author: { id: row.lm_author_id ?? '', role: row.lm_author_role ?? 'customer', name: row.lm_author_name ?? '' },
            createdAt: row.lm_created_at ?? row.created_at,
          },
    customerReadSeq: row.customer_read_seq,
    agentReadSeq: row.agent_read_seq,
    agentUnread: row.agent_unread,
    waitingSince: row.waiting_since,
    rating,
    transcriptRequested: Boolean(row.transcript_requested),
    team: row.team_id ? { id: row.team_id, name: row.team_name ?? '' } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Keyset cursor over (created_at DESC, id DESC). */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return [value[0] as string, value[1] as string];
    }
  } catch {
    // fall through: a cursor we did not make
  }
  return null;
}

export interface CannedReplyRow {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  created_at: string;
  updated_at: string;
}

export function toCannedReply(row: CannedReplyRow): CannedReply {
  return {
    id: row.id,
    shortcut: row.shortcut,
    title: row.title,
    body: row.body,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The refusal both stores give for a shortcut already in use. */
export const shortcutTaken = (shortcut: string) => new AppError('conflict', `the shortcut "${shortcut}" is already used`);

export interface AttachmentRow {
  id: string;
  query_id: string;
  uploader_id: string;
  name: string;
  content_type: string;
  size: number;
  message_id: string | null;
  created_at: string;
  /** From the carrying message (LEFT JOIN); null while unsent. */
  message_internal?: DbBoolean | null;
}

/** Every column of an attachment, plus whether its message is an internal note: the same SQL in both stores. */
export const attachmentSelect = `SELECT a.*, m.internal AS message_internal
  FROM attachments a LEFT JOIN messages m ON m.id = a.message_id`;

export function toAttachmentRecord(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    queryId: row.query_id,
    uploaderId: row.uploader_id,
    name: row.name,
    contentType: row.content_type,
    size: row.size,
    messageId: row.message_id,
    internal: Boolean(row.message_internal),
    createdAt: row.created_at,
  };
}

/** The columns an append's claim check reads of the files a message names. */
export const attachmentClaimSelect = 'SELECT id, query_id, uploader_id, name, content_type, size, message_id FROM attachments';

/** A file as the append planner checks it (append-plan.ts). */
export function toClaimable(row: Omit<AttachmentRow, 'created_at' | 'message_internal'>): ClaimableAttachment {
  return {
    id: row.id, queryId: row.query_id, uploaderId: row.uploader_id, name: row.name, contentType: row.content_type,
    size: row.size, messageId: row.message_id,
  };
}
