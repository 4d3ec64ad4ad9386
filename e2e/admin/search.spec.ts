import { expect, snap, test } from '../support';

test('an agent searches every conversation by words, sees the match marked, and opens the conversation at that message', async ({ agentPage: page, openCustomer }, testInfo) => {
  const customer = await openCustomer('Hedy');
  const query = await customer.openQuery('Radio trouble', 'The frequency hopping module is dead.');
  const chat = customer.conversation(query.id);
  await customer.waitFor(query.id, (s) => s.joined);
  // Enough later messages that the match is out of the latest page: opening at it must load older history
  // (55, under the customer’s 60 a minute).
  for (let i = 1; i <= 55; i++) await chat.send(`filler message ${i}`).done;

  await page.getByRole('searchbox', { name: 'Search queries' }).fill('hopping');
  await page.getByRole('searchbox', { name: 'Search queries' }).press('Enter');
  await expect(page).toHaveURL(/\/search\?q=hopping$/);
  const hits = page.getByTestId('message-results').locator('li');
  await expect(hits).toHaveCount(1);
  await expect(hits.first().locator('mark')).toHaveText('hopping');
  await snap(page, testInfo, '1-search');
  // An admin's bar (eight pages, alerts, status, name, sign out) stays on one line at 1280 px.
  const tops = await page.locator('header.bar > *:not(.skip)').evaluateAll((items) => items.map((i) => Math.round(i.getBoundingClientRect().top)));
  expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(20);

  await hits.first().getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/queries/${query.id}\\?seq=1$`));
  const focused = page.locator('li.message.focused');
  await expect(focused).toHaveAttribute('data-seq', '1');
  await expect(focused).toBeInViewport();
  await expect(focused).toContainText('frequency hopping module');

  // The query is found by its customer's name too.
  await page.goto(page.url().replace(/\/queries\/.*$/, '/search?q=hedy'));
  await expect(page.getByTestId('query-results').getByRole('link', { name: 'Radio trouble' })).toBeVisible();
});
