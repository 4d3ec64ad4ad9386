import { expect, type Page } from '@playwright/test';
import type { TestServer } from './server';

/** Signs an agent into the console served by `server` and waits for the queue. */
export async function signInAgent(
  page: Page,
  server: Pick<TestServer, 'url'>,
  credentials: { email: string; password: string },
): Promise<void> {
  await page.goto(`${server.url}/admin/`);
  await expect(page).toHaveURL(/\/admin\/sign-in$/);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('tablist', { name: 'Queue filters' })).toBeVisible();
}
