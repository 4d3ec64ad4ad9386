import { describe, expect, it } from 'vitest';
import type { ConversationEvents, LiveLink } from '../connection/live-link.js';
import type { OutboxEntry } from '../outbox/outbox-state.js';
import { MessageSender } from './message-sender.js';

describe('MessageSender', () => {
  it('sends when the message was written (the outbox entry’s time), so one sent after an outage keeps it', async () => {
    const sent: unknown[] = [];
    const link = {
      online: true,
      request: async (_event: string, payload: unknown) => (sent.push(payload), null),
      notify: () => undefined,
    } as unknown as LiveLink<ConversationEvents>;
    const entry = {
      queryId: 'q', clientId: 'c', body: 'written in the tunnel', internal: false, attachmentIds: [], createdAt: '2030-01-01T10:02:00.000Z',
    } as unknown as OutboxEntry;
    await new MessageSender(link).send(entry);
    expect(sent).toEqual([{ queryId: 'q', clientId: 'c', body: 'written in the tunnel', writtenAt: '2030-01-01T10:02:00.000Z' }]);
  });
});
