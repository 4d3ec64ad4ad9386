/**
 * The webhook events a change produces, and the outbox rows they become. Pure
 * and shared by both stores, which call these inside the transaction of the
 * change: the store reads which endpoints are active and subscribed (under the
 * same transaction), and writes the rows {@link outboxRows} returns — an event
 * row once, a delivery row per endpoint that wants it. No endpoint, no row, and
 * no payload serialised.
 */
import { randomUUID } from 'node:crypto';
import type { Message, Query, WebhookEventData, WebhookEventType } from '@parley/protocol';

/** An event before it is known who wants it. */
export type EventDraft = {
  [T in WebhookEventType]: {
    type: T;
    /** An internal note's event: only endpoints with `includeNotes` get it. */
    internal: boolean;
    createdAt: string;
    data: WebhookEventData[T];
  };
}[WebhookEventType];

/** An active endpoint as the outbox needs it. */
export interface Subscriber {
  id: string;
  events: readonly string[];
  includeNotes: boolean;
}

export interface OutboxEventRow {
  id: string;
  type: WebhookEventType;
  /** The JSON body every endpoint receives (WebhookEventBody). */
  payload: string;
  createdAt: string;
}

export interface OutboxDeliveryRow {
  id: string;
  eventId: string;
  endpointId: string;
  createdAt: string;
}

export interface OutboxRows {
  events: OutboxEventRow[];
  deliveries: OutboxDeliveryRow[];
}

/** The rows to write for `drafts`, given the active endpoints. Events nobody wants produce nothing. */
export function outboxRows(drafts: readonly EventDraft[], subscribers: readonly Subscriber[]): OutboxRows {
  const rows: OutboxRows = { events: [], deliveries: [] };
  if (subscribers.length === 0) return rows;
  for (const draft of drafts) {
    const wanted = subscribers.filter((s) => s.events.includes(draft.type) && (!draft.internal || s.includeNotes));
    if (wanted.length === 0) continue;
    const id = randomUUID();
    const payload = JSON.stringify({ id, type: draft.type, createdAt: draft.createdAt, data: draft.data });
    rows.events.push({ id, type: draft.type, payload, createdAt: draft.createdAt });
    for (const s of wanted) rows.deliveries.push({ id: randomUUID(), eventId: id, endpointId: s.id, createdAt: draft.createdAt });
  }
  return rows;
}

/** A new query, and its first message as a `message.created` (so a receiver of messages alone sees every one). */
export function queryCreatedEvents(query: Query, message: Message): EventDraft[] {
  return [
    { type: 'query.created', internal: false, createdAt: query.createdAt, data: { query, message } },
    { type: 'message.created', internal: false, createdAt: message.createdAt, data: { query, message } },
  ];
}

/** What an agent's change of status or assignee produced (updateQuery). */
export function queryChangedEvents(before: Query, after: Query, at: string): EventDraft[] {
  const drafts: EventDraft[] = [];
  const previousAssigneeId = before.assignee?.id ?? null;
  if (after.assignee && after.assignee.id !== previousAssigneeId) {
    drafts.push({ type: 'query.assigned', internal: false, createdAt: at, data: { query: after, previousAssigneeId } });
  }
  if (after.status === 'resolved' && before.status !== 'resolved') {
    drafts.push({ type: 'query.resolved', internal: false, createdAt: at, data: { query: after } });
  } else if (before.status === 'resolved' && after.status !== 'resolved') {
    drafts.push({ type: 'query.reopened', internal: false, createdAt: at, data: { query: after } });
  }
  return drafts;
}

/**
 * What one appended message produced: the message, the assignment when a reply took an unassigned query, and
 * the reopening when it reopened a resolved query.
 */
export function messageEvents(before: Query, after: Query, message: Message): EventDraft[] {
  const drafts: EventDraft[] = [
    { type: 'message.created', internal: message.internal, createdAt: message.createdAt, data: { query: after, message } },
  ];
  if (after.assignee && !before.assignee) {
    drafts.push({ type: 'query.assigned', internal: false, createdAt: message.createdAt, data: { query: after, previousAssigneeId: null } });
  }
  if (before.status === 'resolved' && after.status !== 'resolved') {
    drafts.push({ type: 'query.reopened', internal: false, createdAt: message.createdAt, data: { query: after, message } });
  }
  return drafts;
}

export function ratingEvents(query: Query): EventDraft[] {
  if (!query.rating) return [];
  return [{ type: 'rating.created', internal: false, createdAt: query.rating.createdAt, data: { query, rating: query.rating } }];
}
