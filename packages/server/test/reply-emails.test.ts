/**
 * Reply emails against a real server and a real SMTP server: a customer with
 * an email address who has not read agents' replies gets one email with all of
 * them and a link back; one who read them, or has no address, gets none; a
 * refused send is tried again; with SMTP_URL unset nothing is sent and the
 * console is told.
 */
import { randomUUID } from 'node:crypto';
import type { CapabilitiesResponse, Query } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/index.js';
import { api, login, openQuery } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { type SmtpSink, startSmtpSink } from './support/smtp-sink.js';
import { type AnySocket, call, connectAs, eventually, until } from './support/sockets.js';

const PUBLIC_URL = 'https://support.example.test';

describe('reply emails', () => {
  let server: TestServer | undefined;
  let smtp: SmtpSink | undefined;
  const sockets: AnySocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server?.dispose();
    await smtp?.close();
    server = smtp = undefined;
  });

  async function setUp() {
    smtp = await startSmtpSink();
    server = await startTestServer({
      email: { ...defaultConfig.email, smtpUrl: smtp.url, from: 'Acme Support <support@acme.test>', publicUrl: PUBLIC_URL, delaySeconds: 1, sweepMs: 100 },
    });
    const admin = await login(server.url);
    const agentSocket = await connectAs(server.url, '/admin', admin.token);
    sockets.push(agentSocket);
    const customer = async (name: string, email?: string) => {
      const res = await api<{ token: string }>(server!.url, 'POST', '/api/auth/visitor', { body: { name, ...(email ? { email } : {}) } });
      const query = await openQuery(server!.url, res.body.token, `${name}'s parcel`, 'Where is my parcel?');
      const chat = await connectAs(server!.url, '/chat', res.body.token);
      sockets.push(chat);
      await call(chat, 'query:join', { queryId: query.id });
      await call(agentSocket, 'query:join', { queryId: query.id });
      return { query, chat };
    };
    const reply = async (query: Query, body: string) =>
      expect((await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body })).ok).toBe(true);
    return { admin, customer, reply };
  }

  it('one email for a burst of unread replies, with a link back; nothing to a customer who read them or left no address', async () => {
    const { admin, customer, reply } = await setUp();
    const reader = await customer('Rita', 'rita@example.test');
    const nobody = await customer('Noel');
    const away = await customer('Ava', 'ava@example.test');
    await reply(reader.query, 'Rita, it left the warehouse.');
    await reply(nobody.query, 'Noel, it left the warehouse.');
    await reply(away.query, 'Ava, it left the warehouse today.');
    await reply(away.query, 'It should arrive <b>tomorrow</b>.');
    // Rita reads the reply at once, as the app does while the conversation is on screen.
    expect((await call(reader.chat, 'message:read', { queryId: reader.query.id, seq: 2 })).ok).toBe(true);

    await until(() => smtp!.mails.length >= 1, 10_000, 'an email');
    // Every query was looked at in the sweep that sent Ava's (hers is the newest): Ava's is the only email.
    expect(smtp!.mails).toHaveLength(1);
    const [mail] = smtp!.mails;
    expect(mail!.to).toMatchObject({ value: [{ address: 'ava@example.test', name: 'Ava' }] });
    expect(mail!.from).toMatchObject({ value: [{ address: 'support@acme.test', name: 'Acme Support' }] });
    expect(mail!.subject).toBe(`${admin.agent.name} replied: Ava's parcel`);
    const link = `${PUBLIC_URL}/queries/${away.query.id}`;
    expect(mail!.text).toContain('You have 2 replies');
    expect(mail!.text).toContain('> Ava, it left the warehouse today.');
    expect(mail!.text).toContain('> It should arrive <b>tomorrow</b>.');
    expect(mail!.text).toContain(link);
    expect(mail!.html).toContain(`href="${link}"`);
    expect(mail!.html).toContain('It should arrive &#60;b&#62;tomorrow&#60;/b&#62;.');
    expect(mail!.html).not.toContain('<b>tomorrow</b>');

    // A later reply is a new email, with that reply only.
    await reply(away.query, 'Delivered!');
    await until(() => smtp!.mails.length >= 2, 10_000, 'a second email');
    expect(smtp!.mails[1]!.text).toContain('You have a reply');
    expect(smtp!.mails[1]!.text).toContain('> Delivered!');
    expect(smtp!.mails[1]!.text).not.toContain('tomorrow');
  });

  it("a team's automatic reply is never emailed: the first email carries the agent's reply alone", async () => {
    const { admin, reply } = await setUp();
    // Closed now (open only on another weekday), with an automatic reply.
    const today = ((new Date().getUTCDay() + 6) % 7) + 1;
    const team = await api<{ team: { id: string } }>(server!.url, 'POST', '/api/teams', {
      token: admin.token,
      body: { name: 'Night shift', hours: { timeZone: 'UTC', ranges: [{ day: (today % 7) + 1, open: '09:00', close: '17:00' }] }, autoReply: 'We are closed; back at 9.' },
    });
    const visitor = await api<{ token: string }>(server!.url, 'POST', '/api/auth/visitor', { body: { name: 'Ann', email: 'ann@example.test' } });
    const created = await api<{ query: Query }>(server!.url, 'POST', '/api/queries', {
      token: visitor.body.token, body: { subject: 'Late order', body: 'Where is it?', teamId: team.body.team.id },
    });
    const query = created.body.query;
    await eventually(async () => {
      const history = await api<{ messages: Array<{ author: { role: string } }> }>(server!.url, 'GET', `/api/queries/${query.id}/messages`, { token: admin.token });
      return history.body.messages.some((m) => m.author.role === 'system');
    }, 10_000, 'the automatic reply');
    await call(sockets[0]!, 'query:join', { queryId: query.id });
    await reply(query, 'It ships tomorrow.');
    await until(() => smtp!.mails.some((m) => m.text?.includes('> It ships tomorrow.') === true), 10_000, "the agent's reply by email");
    // Whether the sweeps saw the automatic reply alone first or both together, no email mentions it.
    expect(smtp!.mails).toHaveLength(1);
    expect(smtp!.mails[0]!.subject).toBe(`${admin.agent.name} replied: Late order`);
    expect(smtp!.mails[0]!.text).toContain('You have a reply');
    expect(smtp!.mails[0]!.text).not.toContain('back at 9');
  });

  it('a refused send is tried again at the next sweep; the console is told email is on', async () => {
    const { admin, customer, reply } = await setUp();
    smtp!.refuse(1);
    const ava = await customer('Ava', 'ava@example.test');
    await reply(ava.query, 'On its way.');
    await until(() => smtp!.mails.length === 1, 10_000, 'the email after a refusal');
    expect(smtp!.refused).toBe(1);
    expect(smtp!.mails[0]!.text).toContain('> On its way.');
    const caps = await api<CapabilitiesResponse>(server!.url, 'GET', '/api/capabilities', { token: admin.token });
    expect(caps.body).toEqual({ emailNotifications: true });
  });

  it('a customer who asked for a transcript gets the whole public conversation when the query is resolved', async () => {
    const { admin, reply } = await setUp();
    const visitor = await api<{ token: string }>(server!.url, 'POST', '/api/auth/visitor', { body: { name: 'Tom', email: 'tom@example.test' } });
    const created = await api<{ query: Query }>(server!.url, 'POST', '/api/queries', {
      token: visitor.body.token, body: { subject: 'Broken lid', body: 'The lid is cracked.', emailTranscript: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.query.transcriptRequested).toBe(true);
    const query = created.body.query;
    const chat = await connectAs(server!.url, '/chat', visitor.body.token);
    sockets.push(chat);
    await call(chat, 'query:join', { queryId: query.id });
    await call(sockets[0]!, 'query:join', { queryId: query.id });
    await reply(query, 'A new lid is on its way.');
    expect((await call(sockets[0]!, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'ship from Lyon', internal: true })).ok).toBe(true);
    expect((await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'Thanks!' })).ok).toBe(true);
    const resolved = await api(server!.url, 'PATCH', `/api/queries/${query.id}`, { token: admin.token, body: { status: 'resolved' } });
    expect(resolved.status).toBe(200);
    await until(() => smtp!.mails.some((m) => m.subject === 'Transcript: Broken lid'), 10_000, 'the transcript');
    const mail = smtp!.mails.find((m) => m.subject === 'Transcript: Broken lid')!;
    expect(mail.to).toMatchObject({ value: [{ address: 'tom@example.test' }] });
    const text = mail.text!;
    expect(text.indexOf('> The lid is cracked.')).toBeGreaterThan(-1);
    expect(text.indexOf('> A new lid is on its way.')).toBeGreaterThan(text.indexOf('> The lid is cracked.'));
    expect(text.indexOf('> Thanks!')).toBeGreaterThan(text.indexOf('> A new lid is on its way.'));
    expect(text).not.toContain('Lyon');
    expect(mail.html).not.toContain('Lyon');
    expect(text).toContain(`${PUBLIC_URL}/queries/${query.id}`);
  });

  it('without SMTP_URL nothing is sent and the console is told; customers may not ask', async () => {
    server = await startTestServer();
    const admin = await login(server.url);
    expect((await api<CapabilitiesResponse>(server.url, 'GET', '/api/capabilities', { token: admin.token })).body).toEqual({ emailNotifications: false });
    const visitor = await api<{ token: string }>(server.url, 'POST', '/api/auth/visitor', { body: { name: 'V' } });
    expect((await api(server.url, 'GET', '/api/capabilities', { token: visitor.body.token })).status).toBe(403);
  });
});
