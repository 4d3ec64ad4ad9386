import { expect, signInAgent, test } from '../support';

test('an agent renames themself and changes their password from the console; the new password is the one that signs in', async ({ agentPage: page, server }) => {
  await page.getByTestId('me').click();
  await expect(page.getByRole('heading', { name: 'Your profile' })).toBeVisible();
  const nameForm = page.getByRole('form', { name: 'Your name' });
  await nameForm.getByLabel('Name customers and colleagues see').fill('Ada Admin');
  await nameForm.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByTestId('me')).toHaveText('Ada Admin');

  const passwordForm = page.getByRole('form', { name: 'Your password' });
  await passwordForm.getByLabel('Current password').fill('not-my-password');
  await passwordForm.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
  await passwordForm.getByLabel('New password again').fill('a-brand-new-password');
  await passwordForm.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert')).toHaveText('Your current password is not right.');
  await passwordForm.getByLabel('Current password').fill(server.admin.password);
  await passwordForm.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password is changed' })).toBeVisible();
  // This console carries on (fresh token): the queue still loads after a reload.
  await page.reload();
  await expect(page.getByTestId('me')).toHaveText('Ada Admin');
  await page.getByRole('link', { name: 'Queue' }).click();
  await expect(page.getByText('No queries here.')).toBeVisible();

  // Signing in elsewhere: the new password works, the old one does not.
  const other = await page.context().browser()!.newContext();
  const fresh = await other.newPage();
  await signInAgent(fresh, server, { ...server.admin, password: 'a-brand-new-password' });
  await expect(fresh.getByTestId('me')).toHaveText('Ada Admin');
  await other.close();
});
