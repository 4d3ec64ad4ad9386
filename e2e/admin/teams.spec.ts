import { AgentClient, memoryStorage, signInAgent } from '@parley/client';
import { expect, snap, test } from '../support';

test('an admin sets up a team with auto-assignment; a customer picking it gets its online agent at once, and the queue filters by team', async ({ agentPage: page, openCustomer }, testInfo) => {
  const me = (await page.getByTestId('me').textContent())!.trim();
  await page.getByRole('link', { name: 'Teams' }).click();
  await page.getByRole('form', { name: 'New team' }).getByLabel('New team').fill('Billing');
  await page.getByRole('button', { name: 'Create team' }).click();
  const billing = page.getByRole('form', { name: 'Team Billing' });
  await expect(billing).toBeVisible();
  await billing.getByLabel('Assign new queries automatically').check();
  await billing.getByLabel('Capacity per agent').fill('1');
  await billing.getByLabel(me).check();
  await billing.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Team “Billing” saved.' })).toBeVisible();
  await page.getByRole('form', { name: 'New team' }).getByLabel('New team').fill('Sales');
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('form', { name: 'Team Sales' })).toBeVisible();
  await snap(page, testInfo, '1-teams');

  const customer = await openCustomer('Vat');
  const teams = await customer.client.listTeams();
  const billingId = teams.find((t) => t.name === 'Billing')!.id;
  const salesId = teams.find((t) => t.name === 'Sales')!.id;
  const first = await customer.client.createQuery({ subject: 'Wrong VAT', body: 'My invoice has the wrong VAT.', teamId: billingId });
  const second = await customer.client.createQuery({ subject: 'Another invoice', body: 'This one too.', teamId: billingId });
  const sales = await customer.client.createQuery({ subject: 'Bulk price', body: 'Price for 100?', teamId: salesId });

  await page.getByRole('link', { name: 'Queue' }).click();
  // Routed without anyone clicking: the first is mine; I am at capacity (1), so the second waits.
  await expect(page.locator(`a[data-query-id="${first.id}"]`)).toContainText(`${me}`);
  await expect(page.locator(`a[data-query-id="${second.id}"]`)).toContainText('Unassigned');
  await page.getByTestId('team-filter').selectOption({ label: 'Sales' });
  await expect(page.locator(`a[data-query-id="${sales.id}"]`)).toBeVisible();
  await expect(page.locator(`a[data-query-id="${first.id}"]`)).toHaveCount(0);
  await page.getByTestId('team-filter').selectOption({ label: 'All teams' });

  // Resolving the first frees capacity: the waiting one is handed to me.
  await page.locator(`a[data-query-id="${first.id}"]`).click();
  await expect(page.getByTestId('query-team')).toHaveText('Billing');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.locator(`a[data-query-id="${second.id}"]`)).not.toContainText('Unassigned');
});

test("a closed team's automatic reply does not count as unread in the console: the new query shows one unread message", async ({ agentPage: page, server, openCustomer }) => {
  const session = await signInAgent(server.url, server.admin.email, server.admin.password);
  const admin = new AgentClient({ baseUrl: server.url, session, storage: memoryStorage() });
  try {
    // Open only tomorrow (UTC weekday), so closed now whatever the time of the run.
    const tomorrow = ((new Date().getUTCDay() + 7) % 7) + 1;
    const team = await admin.createTeam({ name: 'Night desk', hours: { timeZone: 'UTC', ranges: [{ day: tomorrow, open: '09:00', close: '17:00' }] }, autoReply: 'We answer from 9:00 UTC.' });
    const customer = await openCustomer('Owl');
    const query = await customer.client.createQuery({ subject: 'Late question', body: 'Are you there?', teamId: team.id });
    await expect.poll(async () => (await admin.getQuery(query.id)).lastSeq).toBe(2);

    const row = page.locator(`a[data-query-id="${query.id}"]`);
    await expect(row).toContainText('We answer from 9:00 UTC.');
    await expect(row.getByTestId('unread')).toContainText('1 unread');
  } finally {
    await admin.close();
  }
});

test("the queue's team filter follows an admin's team changes made elsewhere, without a reload", async ({ agentPage: page, server }) => {
  const session = await signInAgent(server.url, server.admin.email, server.admin.password);
  const admin = new AgentClient({ baseUrl: server.url, session, storage: memoryStorage() });
  try {
    const filter = page.getByTestId('team-filter');
    await expect(filter).toHaveCount(0);
    const team = await admin.createTeam({ name: 'Returns' });
    await expect(filter.locator('option')).toHaveText(['All teams', 'Returns']);
    await admin.updateTeam(team.id, { name: 'Returns & refunds' });
    await expect(filter.locator('option')).toHaveText(['All teams', 'Returns & refunds']);
    await admin.deleteTeam(team.id);
    await expect(filter).toHaveCount(0);
  } finally {
    await admin.close();
  }
});
