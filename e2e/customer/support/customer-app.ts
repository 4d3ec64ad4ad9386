import { deflateSync } from 'node:zlib';
import { expect, type Locator, type Page } from '@playwright/test';

/** A phone-sized viewport: the customer app is mobile-first. */
export const PHONE = { width: 390, height: 800 } as const;

/** The customer app's page objects, by role and label where the app offers them. */
export function customerApp(page: Page) {
  const log = page.getByRole('log', { name: 'Messages' });
  const composer = page.getByTestId('composer-input').locator('textarea');
  return {
    log,
    composer,
    banner: page.getByTestId('connection-banner'),
    /** Messages on screen, in DOM order. */
    messages: log.locator('app-message-bubble'),
    message: (text: string): Locator => log.locator('app-message-bubble', { hasText: text }),

    /** Starts as a visitor from the welcome page and waits for "My queries". */
    async startAsVisitor(baseUrl: string, name: string): Promise<void> {
      await page.goto(`${baseUrl}/`);
      await expect(page).toHaveURL(/\/start$/);
      await page.getByLabel('Your name (optional)').fill(name);
      await page.getByRole('button', { name: 'Start chatting' }).click();
      await expect(page).toHaveURL(/\/queries$/);
    },

    /** Opens a query from the app and returns its id (from the conversation URL). */
    async openQuery(subject: string, body: string): Promise<string> {
      await page.getByRole('link', { name: 'Ask a new question' }).click();
      await expect(page).toHaveURL(/\/queries\/new$/);
      await page.getByLabel('Subject').fill(subject);
      await page.getByLabel('Your message').fill(body);
      await page.getByRole('button', { name: 'Send question' }).click();
      await expect(page).toHaveURL(/\/queries\/[0-9a-f-]{36}$/);
      return page.url().split('/').pop()!;
    },

    /** Types a message and sends it with the Send button (on a phone, Enter is the keyboard's new line). */
    async send(text: string): Promise<void> {
      await composer.fill(text);
      await page.getByTestId('send').click();
      await expect(composer).toHaveValue('');
    },

    /** Waits until the app's service worker controls the page (reloading once if it has not claimed it). */
    async waitForServiceWorker(): Promise<void> {
      await expect
        .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? null), { timeout: 45_000 })
        .toBe('activated');
      if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    },

    /** Texts of the messages on screen, in order. */
    bodies: () => log.getByTestId('message-body').allInnerTexts(),
  };
}

/** A small valid PNG (a coloured square), so the server's byte sniffing sees a real image. */
export function pngBytes(size = 32, rgb: [number, number, number] = [57, 73, 171]): Buffer {
  const row = Buffer.alloc(1 + size * 3);
  for (let x = 0; x < size; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A valid PNG followed by `extraBytes` of noise: still sniffed and shown as a picture, but big enough to upload slowly. */
export function bigPngBytes(extraBytes: number): Buffer {
  const noise = Buffer.alloc(extraBytes);
  for (let i = 0; i < extraBytes; i++) noise[i] = (i * 2654435761) >>> 24;
  return Buffer.concat([pngBytes(64, [230, 120, 20]), noise]);
}

/** Whether an <img> really decoded (a broken image is "visible" too). */
export function decoded(image: Locator): Promise<boolean> {
  return image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);
}
