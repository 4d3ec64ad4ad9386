/** The outbox's way to the server: `message:send` over the live link. */
import type { AckOf } from '@parley/protocol';
import type { ConversationEvents, LiveLink } from '../connection/live-link.js';
import type { OutboxTransport } from '../outbox/outbox.js';
import type { OutboxEntry } from '../outbox/outbox-state.js';

export class MessageSender implements OutboxTransport {
  constructor(private readonly link: LiveLink<ConversationEvents>) {}

  /** Sends one outbox entry with its clientId; resolves with the ack, or null when none came (offline, lost). */
  send(entry: OutboxEntry): Promise<AckOf<ConversationEvents, 'message:send'> | null> {
    return this.link.request('message:send', {
      queryId: entry.queryId,
      clientId: entry.clientId,
      body: entry.body,
      ...(entry.internal ? { internal: true } : {}),
      ...(entry.attachmentIds.length > 0 ? { attachmentIds: [...entry.attachmentIds] } : {}),
      // When it was written: a message sent after an outage keeps that time (the server keeps it past a minute).
      writtenAt: entry.createdAt,
    });
  }
}
