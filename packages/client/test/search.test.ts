/** Search through the SDK: an agent finds a message by its words and pages on; a customer only their own. */
import { describe, expect, it } from 'vitest';
import { connectAgent, connectCustomer } from './support/clients.js';
import { useSharedServer } from './support/shared-server.js';

const serverUrl = useSharedServer();

describe('search', () => {
  it('finds messages by their words, newest first, paged; a customer sees only theirs', async () => {
    const url = serverUrl();
    const agent = await connectAgent(url);
    const ada = await connectCustomer(url, { name: 'Ada' });
    const bob = await connectCustomer(url, { name: 'Bob' });
    const query = await ada.createQuery({ subject: 'Toaster', body: 'my toaster sparks' });
    await bob.createQuery({ subject: 'Kettle', body: 'my toaster and kettle' });
    await ada.conversation(query.id).send('the toaster smells burnt').done;
    const first = await agent.search('toaster', { limit: 2 });
    const second = await agent.search('toaster', { limit: 2, cursor: first.nextCursor! });
    expect([...first.messages, ...second.messages].map((m) => m.message.body)).toEqual(['the toaster smells burnt', 'my toaster and kettle', 'my toaster sparks']);
    expect(first.messages[0]!.snippet.matches).toEqual([[4, 11]]);
    expect((await ada.search('toaster')).messages.map((m) => m.message.body)).toEqual(['the toaster smells burnt', 'my toaster sparks']);
  });
});
