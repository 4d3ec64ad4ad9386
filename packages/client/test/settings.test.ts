/** Workspace settings through the SDK: loaded, changed by an admin, followed live by every agent's client. */
import { describe, expect, it } from 'vitest';
import { connectAgent, connectCustomer } from './support/clients.js';
import { useSharedServer } from './support/shared-server.js';
import { waitFor } from './support/wait.js';

const serverUrl = useSharedServer();

describe('workspace settings', () => {
  it('a reply takes the unassigned query while replyAssigns is on; an admin turns it off and every agent sees it at once', async () => {
    const url = serverUrl();
    const admin = await connectAgent(url);
    const watcher = await connectAgent(url);
    expect(await watcher.loadSettings()).toEqual({ replyAssigns: true });
    const customer = await connectCustomer(url);
    const first = await customer.createQuery({ subject: 'One', body: 'hello' });
    const side = admin.conversation(first.id);
    await waitFor(side.state, (s) => s.joined);
    await side.send('On it').done;
    await waitFor(side.state, (s) => s.query?.assignee?.id === admin.user.id, 5000, 'the reply to take the query');

    await admin.updateSettings({ replyAssigns: false });
    await waitFor(watcher.settings, (s) => s?.replyAssigns === false, 5000, 'the change to reach the other agent');
    const second = await customer.createQuery({ subject: 'Two', body: 'hello again' });
    const other = admin.conversation(second.id);
    await waitFor(other.state, (s) => s.joined);
    await other.send('Looking').done;
    expect((await admin.getQuery(second.id)).assignee).toBeNull();
    await admin.updateSettings({ replyAssigns: true });
  });
});
