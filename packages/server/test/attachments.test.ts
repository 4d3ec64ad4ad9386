/**
 * Attachments: uploaded over REST (multipart), type sniffed from the bytes, size capped,
 * stored under DATA_DIR with random names, served only to the query's participants, then
 * referenced by message:send { attachmentIds }.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES } from '../src/attachments/attachment-rules.js';
import { pdf, png, upload } from './attachments-helpers.js';
import { tableCounts } from './support/database.js';
import { api, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, next, type AnySocket } from './support/sockets.js';

describe('attachments', () => {
  let server: TestServer | undefined;
  const sockets: AnySocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await server?.dispose();
    server = undefined;
  });

  async function setUp() {
    server = await startTestServer();
    const customer = await signInVisitor(server.url, 'Ada');
    const other = await signInVisitor(server.url, 'Eve');
    const agent = await login(server.url);
    const query = await openQuery(server.url, customer.token, 'Broken screen', 'It cracked.');
    return { url: server.url, dataDir: server.dataDir, customer, other, agent, query };
  }

  function storedFiles(dataDir: string): string[] {
    return readdirSync(join(dataDir, 'attachments'));
  }

  it('accepts a picture and a PDF, sniffed from their bytes, stored under random names', async () => {
    const { url, dataDir, customer, query } = await setUp();
    const picture = await upload(url, customer.token, query.id, { name: 'screen.png', type: 'image/png', bytes: png() });
    expect(picture.status).toBe(201);
    expect(picture.body.attachment).toMatchObject({ name: 'screen.png', contentType: 'image/png', size: png().length });
    expect(picture.body.attachment.url).toBe(`/api/attachments/${picture.body.attachment.id}`);
    // A PDF sent as application/octet-stream under another name is still recognised by its bytes.
    const doc = await upload(url, customer.token, query.id, { name: '../../receipt', type: 'application/octet-stream', bytes: pdf() });
    expect(doc.status).toBe(201);
    // The name gets the extension of what the bytes are.
    expect(doc.body.attachment).toMatchObject({ name: 'receipt.pdf', contentType: 'application/pdf' });
    const files = storedFiles(dataDir);
    expect(files).toHaveLength(2);
    for (const file of files) expect(file).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses a text file named .png, and keeps nothing of it', async () => {
    const { url, dataDir, customer, query } = await setUp();
    const fake = await upload(url, customer.token, query.id, { name: 'photo.png', type: 'image/png', bytes: Buffer.from('definitely not a picture') });
    expect(fake.status).toBe(400);
    expect(fake.body.error.code).toBe('invalid_payload');
    expect(fake.body.error.message).toMatch(/only pictures .* and PDF documents are accepted/);
    const html = await upload(url, customer.token, query.id, { name: 'x.png', type: 'image/png', bytes: Buffer.from('<html><script>alert(1)</script></html>') });
    expect(html.status).toBe(400);
    // A recognised but refused format is named in words, not as a MIME type.
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), Buffer.alloc(40)]);
    const archive = await upload(url, customer.token, query.id, { name: 'photos.png', type: 'image/png', bytes: zip });
    expect(archive.status).toBe(400);
    expect(archive.body.error.message).toMatch(/^the file is a ZIP file; only pictures \(PNG, JPEG, GIF, WebP\) and PDF documents are accepted$/);
    expect(storedFiles(dataDir)).toEqual([]);
    expect(tableCounts(dataDir)['attachments']).toBe(0);
  });

  it('refuses a file over the size limit with payload_too_large, and keeps nothing of it', async () => {
    const { url, dataDir, customer, query } = await setUp();
    const big = Buffer.concat([png(), Buffer.alloc(ATTACHMENT_MAX_BYTES)]);
    const res = await upload(url, customer.token, query.id, { name: 'huge.png', type: 'image/png', bytes: big });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(storedFiles(dataDir)).toEqual([]);
    expect(tableCounts(dataDir)['attachments']).toBe(0);
  });

  it('refuses a request without a file or without credentials', async () => {
    const { url, customer, query } = await setUp();
    const json = await api(url, 'POST', `/api/queries/${query.id}/attachments`, { token: customer.token, body: { file: 'x' } });
    expect(json.status).toBe(400);
    expect(json.body.error.code).toBe('invalid_payload');
    const anonymous = await upload(url, undefined, query.id, { name: 'a.png', type: 'image/png', bytes: png() });
    expect(anonymous.status).toBe(401);
    const unknown = await upload(url, customer.token, randomUUID(), { name: 'a.png', type: 'image/png', bytes: png() });
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('gives another customer forbidden, for uploading and for downloading', async () => {
    const { url, dataDir, customer, other, query } = await setUp();
    const intrusion = await upload(url, other.token, query.id, { name: 'a.png', type: 'image/png', bytes: png() });
    expect(intrusion.status).toBe(403);
    expect(intrusion.body.error.code).toBe('forbidden');
    expect(tableCounts(dataDir)['attachments']).toBe(0);
    const { attachment } = (await upload(url, customer.token, query.id, { name: 'a.png', type: 'image/png', bytes: png() })).body;
    const stolen = await api(url, 'GET', attachment.url, { token: other.token });
    expect(stolen.status).toBe(403);
    expect(stolen.body.error.code).toBe('forbidden');
    expect((await api(url, 'GET', attachment.url)).status).toBe(401);
  });

  it('serves the file to the customer and to agents as a download that is never sniffed', async () => {
    const { url, customer, agent, query } = await setUp();
    const { attachment } = (await upload(url, customer.token, query.id, { name: 'Zoë receipt.pdf', type: 'application/pdf', bytes: pdf() })).body;
    for (const token of [customer.token, agent.token]) {
      const response = await fetch(url + attachment.url, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="Zo_ receipt.pdf"; filename*=UTF-8''Zo%C3%AB%20receipt.pdf`);
      expect(Buffer.from(await response.arrayBuffer()).equals(pdf())).toBe(true);
    }
  });

  it('puts uploaded files on a message: stored with it, broadcast with it, and in the history', async () => {
    const { url, customer, agent, query } = await setUp();
    const { attachment } = (await upload(url, customer.token, query.id, { name: 'screen.png', type: 'image/png', bytes: png() })).body;
    const chat = await connectAs(url, '/chat', customer.token);
    const admin = await connectAs(url, '/admin', agent.token);
    sockets.push(chat, admin);
    await call(chat, 'query:join', { queryId: query.id });
    await call(admin, 'query:join', { queryId: query.id });
    const arrived = next<{ message: Message }>(admin, 'message:new');
    const ack = await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'See the picture', attachmentIds: [attachment.id] });
    expect(ack.ok).toBe(true);
    expect(ack.message.attachments).toEqual([attachment]);
    expect((await arrived).message.attachments).toEqual([attachment]);
    const history = await api<{ messages: Message[] }>(url, 'GET', `/api/queries/${query.id}/messages`, { token: agent.token });
    expect(history.body.messages.at(-1)?.attachments).toEqual([attachment]);
    // The same file cannot be put on a second message.
    const again = await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'again', attachmentIds: [attachment.id] });
    expect(again.ok).toBe(false);
    expect(again.error.code).toBe('invalid_payload');
  });

  it('refuses a message naming a file of another query or another uploader, and stores nothing', async () => {
    const { url, dataDir, customer, agent, query } = await setUp();
    const second = await openQuery(url, customer.token, 'Other', 'Another problem');
    const elsewhere = (await upload(url, customer.token, second.id, { name: 'a.png', type: 'image/png', bytes: png() })).body.attachment;
    const byAgent = (await upload(url, agent.token, query.id, { name: 'b.png', type: 'image/png', bytes: png() })).body.attachment;
    const chat = await connectAs(url, '/chat', customer.token);
    sockets.push(chat);
    const before = tableCounts(dataDir)['messages'];
    for (const ids of [[elsewhere.id], [byAgent.id], [randomUUID()]]) {
      const ack = await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'look', attachmentIds: ids });
      expect(ack.ok).toBe(false);
      expect(ack.error.code).toBe('invalid_payload');
    }
    expect(tableCounts(dataDir)['messages']).toBe(before);
  });
});
