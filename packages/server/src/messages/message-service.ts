/**
 * Messages: sending (idempotent by clientId, acked after commit), resuming a
 * conversation from a seq, history pages and read cursors.
 */
import { DEFAULT_WORKSPACE_SETTINGS, Limits, type WorkspaceSettings } from '@parley/protocol';
import type { AdminQueryJoinResult, ListMessagesParams, Message, MessageSendPayload, QueryJoinPayload, UserRef } from '@parley/protocol';
import type { DomainEvents } from '../domain/domain-events.js';
import { AppError } from '../errors/app-error.js';
import type { QueryService } from '../queries/query-service.js';
import { viewQuery } from '../queries/query-view.js';
import { isStaff } from '../auth/roles.js';
import type { AppendResult, Store } from '../store/store.js';
import { customerTimelineView } from '../timeline/timeline-events.js';
import { withinBytes } from './join-page-bytes.js';
import { newMessageId } from './message-id.js';

/** A validated message:send payload (body already trimmed by the schema). */
export type SendInput = MessageSendPayload;

/** A message that has its place in the seq order, and the promise of its commit. */
export interface QueuedMessage {
  /** Settles once the commit holding the message is durable (or the append is refused). */
  stored: Promise<{ message: Message; duplicate: boolean }>;
}

export class MessageService {
  constructor(
    private readonly store: Store,
    private readonly queries: QueryService,
    private readonly events: DomainEvents,
    /** The workspace settings as this node holds them (read on every reply; no I/O). */
    private readonly settings: () => WorkspaceSettings = () => DEFAULT_WORKSPACE_SETTINGS,
  ) {}

  /**
   * Checks the sender may write to the query, then queues the message for its commit. Resolves as soon as the
   * message has its place in the order — the store fixes seq order by the order of its `appendMessage` calls
   * (store.ts) — with the promise of its commit: a transport that keeps one connection's sends in order waits
   * for this, not for each commit. A retry with the same clientId resolves with the stored message and emits
   * nothing again.
   * @throws AppError forbidden | not_found (before anything is queued)
   */
  async send(user: UserRef, input: SendInput, origin?: string): Promise<QueuedMessage> {
    const internal = input.internal ?? false;
    if (internal && !isStaff(user)) throw new AppError('forbidden', 'only agents write internal notes');
    // Only the decision is needed here, not the query: the append reads the query row itself.
    await this.queries.authorize(user, input.queryId);
    const now = new Date();
    const writtenAt = writtenBefore(input.writtenAt, now);
    const appending = this.store.appendMessage({
      id: newMessageId(),
      queryId: input.queryId,
      clientId: input.clientId,
      author: user,
      body: input.body,
      internal,
      createdAt: now.toISOString(),
      ...(input.attachmentIds?.length ? { attachmentIds: input.attachmentIds } : {}),
      ...(writtenAt ? { writtenAt } : {}),
      // An agent's reply takes an unassigned query (decided against the query as it commits).
      ...(isStaff(user) && !internal && this.settings().replyAssigns ? { assignIfUnassigned: true } : {}),
    });
    return { stored: appending.then((result) => this.#stored(result, origin)) };
  }

  /** Tells the transports about a committed message (a retry's twin is not news). */
  /**
   * A message the server writes itself (role `system`: a team's automatic reply), stored and broadcast like any
   * other. `clientId` makes it idempotent: the same key never stores a second one.
   */
  async postSystem(queryId: string, author: UserRef, body: string, clientId: string): Promise<{ message: Message; duplicate: boolean }> {
    const result = await this.store.appendMessage({
      id: newMessageId(), queryId, clientId, author, body, internal: false, createdAt: new Date().toISOString(),
    });
    return this.#stored(result, undefined);
  }

  #stored(result: AppendResult, origin: string | undefined): { message: Message; duplicate: boolean } {
    if (!result.duplicate) {
      this.events.emit('message:stored', { message: result.message, query: result.query, origin });
      if (result.statusChanged) this.events.emit('query:changed', { query: result.query });
      for (const event of result.timeline ?? []) this.events.emit('query:timeline', { event });
      this.events.emit('query:activity', { queryId: result.message.queryId });
    }
    return { message: result.message, duplicate: result.duplicate };
  }

  /**
   * What a (re)joining client needs: the query, and the public messages after
   * afterSeq (or the latest page); agents also get the notes stream.
   * Call it after subscribing the client to the query's live events, so that
   * nothing committed in between is missed (the client drops duplicates by seq).
   */
  async resume(user: UserRef, input: QueryJoinPayload): Promise<AdminQueryJoinResult> {
    const query = await this.queries.access(user, input.queryId);
    // A client can only know a seq that was committed, so one past the end means this store lost history
    // (restored from an older backup) and will hand those seqs out again: say so rather than answer [].
    const ahead = (after: number | undefined, last: number, stream: string) => {
      if (after !== undefined && after > last) {
        const message = `${stream} ${after} is past the last one the server has (${last}): its history was reset; drop what you hold and join without it`;
        // The issue's path names the stream, so that a client can tell this refusal from any other invalid payload.
        throw new AppError('invalid_payload', message, { issues: [{ path: stream, message }] });
      }
    };
    ahead(input.afterSeq, query.lastSeq, 'afterSeq');
    if (isStaff(user)) ahead(input.afterNoteSeq, query.lastNoteSeq, 'afterNoteSeq');
    const [pub, timeline] = await Promise.all([
      this.#page(input.queryId, false, input.afterSeq),
      this.store.listTimeline(input.queryId, TIMELINE_ON_JOIN),
    ]);
    const result: AdminQueryJoinResult = {
      query: viewQuery(query, user),
      messages: pub.messages,
      hasMore: pub.hasMore,
      notes: [],
      hasMoreNotes: false,
      timeline: isStaff(user) ? timeline : timeline.flatMap((e) => customerTimelineView(e) ?? []),
    };
    if (isStaff(user)) {
      const notes = await this.#page(input.queryId, true, input.afterNoteSeq);
      result.notes = notes.messages;
      result.hasMoreNotes = notes.hasMore;
    }
    return result;
  }

  /** REST history: after/before/limit, ascending seq; neither bound = the latest page. */
  async history(user: UserRef, queryId: string, params: ListMessagesParams): Promise<Message[]> {
    const internal = params.internal === 'true';
    if (internal && !isStaff(user)) throw new AppError('forbidden', 'only agents read internal notes');
    await this.queries.access(user, queryId);
    return this.store.listMessages(queryId, {
      internal,
      after: params.after === undefined ? undefined : Number(params.after),
      before: params.before === undefined ? undefined : Number(params.before),
      limit: Number(params.limit ?? Limits.HISTORY_PAGE_DEFAULT),
    });
  }

  /** Moves the user's read cursor forward; relayed only when it moved. */
  async markRead(user: UserRef, queryId: string, seq: number, origin?: string): Promise<void> {
    const query = await this.queries.access(user, queryId);
    if (seq > query.lastSeq) throw new AppError('invalid_payload', `seq ${seq} is past the last message (${query.lastSeq})`);
    const result = await this.store.advanceReadCursor(queryId, user, seq);
    if (!result) throw new AppError('not_found', 'query not found');
    if (result.advanced) {
      this.events.emit('message:read', { queryId, user, seq, origin });
      this.events.emit('query:activity', { queryId });
    }
  }

  async #page(queryId: string, internal: boolean, afterSeq: number | undefined): Promise<{ messages: Message[]; hasMore: boolean }> {
    if (afterSeq === undefined) {
      return { messages: await this.store.listMessages(queryId, { internal, limit: Limits.JOIN_TAIL_DEFAULT }), hasMore: false };
    }
    const rows = await this.store.listMessages(queryId, { internal, after: afterSeq, limit: Limits.JOIN_PAGE_MAX + 1 });
    const messages = withinBytes(rows.slice(0, Limits.JOIN_PAGE_MAX), Limits.JOIN_PAGE_BYTES);
    return { messages, hasMore: rows.length > messages.length };
  }
}

/** How many timeline events a join carries (the latest; a query rarely has more than a handful). */
export const TIMELINE_ON_JOIN = 200;

/** How long before it is stored a message must have been written for `writtenAt` to be kept (a minute). */
export const WRITTEN_EARLIER_MS = 60_000;
/** An older claim is a wrong clock, not a message kept offline that long. */
const WRITTEN_AT_MAX_AGE_MS = 30 * 86_400_000;

/**
 * The time the author says they wrote the message, kept only when it is more than a minute before now (written
 * offline, sent by the outbox later) and at most 30 days back; a time in the future or a claim beyond that is
 * dropped (the message simply has no `writtenAt`).
 */
export function writtenBefore(claimed: string | undefined, now: Date): string | undefined {
  if (claimed === undefined) return undefined;
  const at = Date.parse(claimed);
  const age = now.getTime() - at;
  if (!Number.isFinite(at) || age < WRITTEN_EARLIER_MS || age > WRITTEN_AT_MAX_AGE_MS) return undefined;
  return new Date(at).toISOString();
}
