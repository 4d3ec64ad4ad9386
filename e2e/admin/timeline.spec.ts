import { expect, snap, test } from '../support';

test('the conversation shows who took, resolved and reopened the query, where it happened among the messages', async ({ agentPage: page, openCustomer }, testInfo) => {
  const customer = await openCustomer('Cleo');
  const query = await customer.openQuery('Broken zipper', 'The zipper broke on day one.');
  await page.locator(`a[data-query-id="${query.id}"]`).click();
  const log = page.getByRole('list', { name: 'Messages' });
  await expect(log.locator('li.message')).toHaveCount(1);

  const me = (await page.getByTestId('me').textContent())!.trim();
  await page.getByRole('button', { name: 'Assign to me' }).click();
  await expect(log.getByTestId('timeline-event')).toHaveText([new RegExp(`^${me} took the query`)]);
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(log.getByTestId('timeline-event')).toHaveCount(2);
  await expect(log.getByTestId('timeline-event').nth(1)).toContainText(`${me} resolved the query`);

  // The customer answers the resolved query: it reopens, and the line says who did it, after the resolution.
  await customer.conversation(query.id).send('Still broken, sorry').done;
  await expect(log.getByTestId('timeline-event').nth(2)).toContainText('Cleo reopened it with a message');
  const order = await log.locator('> li:not(.day)').evaluateAll((items) =>
    items.map((li) => (li.classList.contains('event') ? 'event' : li.classList.contains('message') ? 'message' : 'other')),
  );
  expect(order).toEqual(['message', 'event', 'event', 'event', 'message']);
  await snap(page, testInfo, '1-timeline');

  // After a reload the same history comes back from the server.
  await page.reload();
  await expect(page.getByRole('list', { name: 'Messages' }).getByTestId('timeline-event')).toHaveCount(3);
});
