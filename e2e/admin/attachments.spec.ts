import { readFile } from 'node:fs/promises';
import { expect, signInAgent, snap, test } from '../support';
import { pngBytes } from '../customer/support/customer-app';

/** A 4×4 red PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP4z8CAB+GTG8HSALfKY52fTcuYAAAAAElFTkSuQmCC',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

test('pictures and files a customer sends show with name, size and thumbnail, and download with the token', async ({ page, server, openCustomer }, testInfo) => {
  const customer = await openCustomer('Frida');
  const query = await customer.openQuery('Broken on arrival', 'The box was crushed.');
  const upload = async (bytes: Buffer, name: string, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    const response = await fetch(`${server.url}/api/queries/${query.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer!.client.token}` },
      body: form,
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { attachment: { id: string } }).attachment;
  };
  const photo = await upload(PNG, 'crushed-box.png', 'image/png');
  const receipt = await upload(PDF, 'receipt.pdf', 'application/pdf');
  const chat = customer.conversation(query.id);
  await customer.waitFor(query.id, (s) => s.joined);
  await chat.send('Photo and receipt attached.', { attachmentIds: [photo.id, receipt.id] }).done;

  await signInAgent(page, server, server.admin);
  await page.locator(`a[data-query-id="${query.id}"]`).click();
  const message = page.locator('li.message[data-seq="2"]');
  const thumb = message.getByRole('img', { name: 'crushed-box.png' });
  await expect(thumb).toBeVisible();
  // Really decoded from the authenticated bytes, not a broken image.
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(4);
  expect(await thumb.getAttribute('src')).toMatch(/^blob:/);
  await expect(message.locator(`[data-attachment-id="${receipt.id}"]`)).toContainText('receipt.pdf');
  await expect(message.locator(`[data-attachment-id="${receipt.id}"] .size`)).toHaveText(`${PDF.length} B`);
  await snap(page, testInfo, '1-attachments');

  const download = page.waitForEvent('download');
  await message.getByRole('button', { name: 'Download receipt.pdf' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('receipt.pdf');
  expect(await readFile(await file.path())).toEqual(PDF);
});

test('a conversation ending with a picture opens at its newest message, once the picture has loaded', async ({ page, server, openCustomer }) => {
  const customer = await openCustomer('Gus');
  const query = await customer.openQuery('Long story', 'It started on Monday.');
  const chat = customer.conversation(query.id);
  await customer.waitFor(query.id, (s) => s.joined);
  for (let i = 1; i <= 15; i++) await chat.send(`Part ${i} of the story.`).done;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(pngBytes(400, [200, 80, 40]))], { type: 'image/png' }), 'big.png');
  const response = await fetch(`${server.url}/api/queries/${query.id}/attachments`, {
    method: 'POST', headers: { authorization: `Bearer ${customer.client.token}` }, body: form,
  });
  const { attachment } = (await response.json()) as { attachment: { id: string } };
  await chat.send('Here is a photo.', { attachmentIds: [attachment.id] }).done;
  await chat.send('And this is the last thing I wrote.').done;

  await signInAgent(page, server, server.admin);
  await page.locator(`a[data-query-id="${query.id}"]`).click();
  const picture = page.getByRole('img', { name: 'big.png' });
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(400);
  // The picture grew the list after the first scroll to the bottom: the newest message must still be in view.
  await expect(page.locator('li.message').last()).toContainText('And this is the last thing I wrote.');
  await expect(page.locator('li.message').last()).toBeInViewport();
});

test('an agent attaches a picture and a PDF from the console: progress, then one message carrying both, which the customer downloads', async ({ agentPage: page, openCustomer }, testInfo) => {
  const customer = await openCustomer('Gus');
  const query = await customer.openQuery('Which cable?', 'Which cable do I need?');
  await page.locator(`a[data-query-id="${query.id}"]`).click();
  await expect(page.getByRole('list', { name: 'Messages' }).locator('li.message')).toHaveCount(1);

  // A refused file is explained before anything is uploaded.
  await page.getByTestId('file-input').setInputFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
  await expect(page.getByTestId('upload-problem')).toContainText('“setup.exe” cannot be attached');
  await page.getByTestId('upload-problem').getByRole('button', { name: 'Dismiss' }).click();

  await page.getByTestId('file-input').setInputFiles([
    { name: 'cable.png', mimeType: 'image/png', buffer: PNG },
    { name: 'manual.pdf', mimeType: 'application/pdf', buffer: PDF },
  ]);
  await expect(page.getByTestId('upload-item')).toHaveCount(2);
  await expect(page.getByTestId('upload-item').filter({ hasText: 'Ready' })).toHaveCount(2);
  await page.getByRole('textbox', { name: 'Reply to customer' }).fill('This one, see the manual too.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('upload-item')).toHaveCount(0);

  const mine = page.locator('li.message.mine');
  await expect(mine.getByRole('img', { name: 'cable.png' })).toBeVisible();
  await expect(mine).toContainText('manual.pdf');
  await snap(page, testInfo, '2-agent-attachments');

  const received = await customer.waitFor(query.id, (s) => s.messages.some((m) => m.seq === 2));
  const message = received.messages.find((m) => m.seq === 2)!;
  expect(message.attachments.map((a) => a.name)).toEqual(['cable.png', 'manual.pdf']);
  const blob = await customer.client.fetchAttachment(message.attachments[1]!);
  expect(Buffer.from(await blob.arrayBuffer())).toEqual(PDF);
});
