import { AgentClient, memoryStorage, signInAgent as signInAgentSession } from '@parley/client';
import { expect, signInAgent, snap, test } from '../support';

/**
 * The review's scenario: one older open query, then 55 newer ones of which 52 are resolved.
 * A queue built from one unfiltered page (the newest 50) hid the older open query.
 */
test('every unresolved query is in the queue however many newer resolved ones exist; resolved ones page on demand', async ({
  page,
  server,
  openCustomer,
}, testInfo) => {
  const customer = await openCustomer('Patient Pat');
  const old = await customer.openQuery('Old but still open', 'I asked a long time ago.');
  const newer = [];
  for (let i = 0; i < 55; i++) newer.push(await customer.openQuery(`Newer ${i}`, `question ${i}`));
  // Resolve 52 of them over REST, as a colleague's console would.
  const session = await signInAgentSession(server.url, server.admin.email, server.admin.password);
  const colleague = new AgentClient({ baseUrl: server.url, session, storage: memoryStorage() });
  for (const query of newer.slice(0, 52)) await colleague.updateQuery(query.id, { status: 'resolved' });

  // The SDK reloads its lists a random 0–1.5 s after each connect, the first included (docs/client.md). A reload
  // cannot know the resolved pages it held are still complete, so it offers "more" again: landing after the paging
  // below it would turn "52" into "52+" at random. Drawing 0 makes that reload happen at once, before the paging.
  await page.addInitScript(() => {
    Math.random = () => 0;
  });
  await signInAgent(page, server, server.admin);
  const tab = (name: RegExp) => page.getByRole('tab', { name });
  await expect(tab(/Open/).locator('.count')).toHaveText('4');
  await expect(page.locator(`a[data-query-id="${old.id}"]`)).toBeVisible();
  await expect(tab(/Unassigned/).locator('.count')).toHaveText('4');
  // 50 of 52 resolved are loaded: the tab says there are more.
  await expect(tab(/Resolved/).locator('.count')).toHaveText('50+');
  await snap(page, testInfo, '1-open-tab');

  await tab(/Resolved/).click();
  const rows = page.locator('#query-list-panel a.row');
  await expect(rows).toHaveCount(50);
  await page.getByRole('button', { name: 'Load more resolved' }).click();
  await expect(rows).toHaveCount(52);
  await expect(tab(/Resolved/).locator('.count')).toHaveText('52');
  await expect(page.getByRole('button', { name: 'Load more resolved' })).toHaveCount(0);

  // Still live: a new query and a reopened one join the Open tab.
  const fresh = await customer.openQuery('Just now', 'hello?');
  await colleague.updateQuery(newer[0]!.id, { status: 'open' });
  await tab(/Open/).click();
  await expect(page.locator(`a[data-query-id="${fresh.id}"]`)).toBeVisible();
  await expect(tab(/Open/).locator('.count')).toHaveText('6');
  await expect(tab(/Resolved/).locator('.count')).toHaveText('51');
  await snap(page, testInfo, '2-after-paging');
});
