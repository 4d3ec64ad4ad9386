import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideIonicAngular } from '@ionic/angular';
import { makeQuery } from '@parley/angular/testing';
import { ParleyError } from '@parley/client';
import type { CreateQueryRequest, Query, TeamChoice } from '@parley/protocol';
import { FakeCustomerClient, provideFakeCustomerClient, startSession } from '../testing/fake-customer-client';
import { DRAFT_KEY } from './new-query-draft';
import { NewQueryPage } from './new-query-page';

const QUERY_ID = '00000000-0000-4000-8000-00000000000b';

async function render(createQuery: (input: CreateQueryRequest) => Promise<Query>, teams: TeamChoice[] = []) {
  const client = new FakeCustomerClient();
  client.createQuery.mockImplementation(createQuery);
  client.listTeams.mockResolvedValue(teams);
  TestBed.configureTestingModule({
    providers: [provideIonicAngular(), provideRouter([{ path: '**', children: [] }]), provideFakeCustomerClient(client)],
  });
  await startSession(client);
  const fixture = TestBed.createComponent(NewQueryPage);
  await fixture.whenStable();
  await fixture.whenStable();
  const page = fixture.componentInstance as unknown as {
    updateSubject(v: string): void;
    updateBody(v: string): void;
    submit(): Promise<void>;
    error(): string | null;
  };
  return { fixture, page };
}

describe('NewQueryPage', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => localStorage.clear());

  it('sends every attempt of one draft with the same clientId, so a retry after a lost answer opens no second query', async () => {
    const sent: CreateQueryRequest[] = [];
    let attempt = 0;
    const { page } = await render(async (input) => {
      sent.push(input);
      if (++attempt === 1) throw new ParleyError({ code: 'unavailable', message: 'server unreachable' });
      return makeQuery({ id: QUERY_ID });
    });
    page.updateSubject('Late order');
    page.updateBody('Order 42 has not arrived');

    await page.submit();
    expect(page.error()).not.toBeNull();
    await page.submit();

    expect(sent).toHaveLength(2);
    expect(sent[0]!.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]!.clientId).toBe(sent[0]!.clientId);
    expect(localStorage.getItem(DRAFT_KEY)).toBeNull();
  });

  it('never cuts a long first message: it shows the count, and refuses to send past the limit', async () => {
    const { fixture, page } = await render(async () => makeQuery({ id: QUERY_ID }));
    const element = fixture.nativeElement as HTMLElement;
    const body = element.querySelector('[data-testid="query-body"]') as HTMLElement & { maxlength?: number };
    expect(body.maxlength).toBeUndefined();
    page.updateSubject('Long story');
    page.updateBody('y'.repeat(4001));
    await fixture.whenStable();
    const limit = element.querySelector('[data-testid="body-limit"]')!;
    expect(limit.textContent!.trim()).toBe('Too long: 4001 / 4000 characters');
    expect(limit.getAttribute('role')).toBe('alert');
    expect((fixture.componentInstance as unknown as { canSubmit(): boolean }).canSubmit()).toBe(false);
  });

  it('asks for a transcript only when the customer ticks the box', async () => {
    const sent: CreateQueryRequest[] = [];
    const { fixture, page } = await render(async (input) => {
      sent.push(input);
      return makeQuery({ id: QUERY_ID });
    });
    page.updateSubject('Late order');
    page.updateBody('Order 42 has not arrived');
    await page.submit();
    expect(sent[0]).not.toHaveProperty('emailTranscript');
    const box = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="email-transcript"]')!;
    box.dispatchEvent(new CustomEvent('ionChange', { detail: { checked: true } }));
    page.updateSubject('Another');
    page.updateBody('Second question');
    await page.submit();
    expect(sent[1]).toMatchObject({ subject: 'Another', emailTranscript: true });
  });

  it('keeps the draft’s clientId across a reload, and starts the next draft with a new one', async () => {
    const sent: CreateQueryRequest[] = [];
    const failing = await render(async (input) => {
      sent.push(input);
      throw new ParleyError({ code: 'unavailable', message: 'server unreachable' });
    });
    failing.page.updateSubject('S');
    failing.page.updateBody('B');
    await failing.page.submit();
    failing.fixture.destroy();
    TestBed.resetTestingModule();

    const reloaded = await render(async (input) => (sent.push(input), makeQuery({ id: QUERY_ID })));
    await reloaded.page.submit();
    expect(sent[1]).toEqual(sent[0]);
    reloaded.fixture.destroy();
    TestBed.resetTestingModule();

    const next = await render(async (input) => (sent.push(input), makeQuery({ id: QUERY_ID })));
    next.page.updateSubject('Another');
    next.page.updateBody('question');
    await next.page.submit();
    expect(sent[2]!.clientId).not.toBe(sent[0]!.clientId);
  });

  it('offers the teams when there are several, the default preselected, and sends the one picked', async () => {
    const sent: CreateQueryRequest[] = [];
    const teams = [
      { id: '00000000-0000-4000-8000-0000000000a1', name: 'Billing', isDefault: false, openNow: true, nextOpenAt: null },
      { id: '00000000-0000-4000-8000-0000000000a2', name: 'Support', isDefault: true, openNow: true, nextOpenAt: null },
    ];
    const { fixture, page } = await render(async (input) => (sent.push(input), makeQuery({ id: QUERY_ID })), teams);
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="query-team"]')).not.toBeNull();
    page.updateSubject('Invoice');
    page.updateBody('Wrong VAT');
    await page.submit();
    expect(sent[0]!.teamId).toBe(teams[1]!.id);
  });

  it('shows no picker without teams, and sends no team', async () => {
    const sent: CreateQueryRequest[] = [];
    const { fixture, page } = await render(async (input) => (sent.push(input), makeQuery({ id: QUERY_ID })));
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="query-team"]')).toBeNull();
    page.updateSubject('Hi');
    page.updateBody('Hello');
    await page.submit();
    expect(sent[0]!.teamId).toBeUndefined();
  });

  it('says when a closed team answers, before the customer asks', async () => {
    const teams = [{ id: '00000000-0000-4000-8000-0000000000a3', name: 'Billing', isDefault: true, openNow: false, nextOpenAt: '2026-03-09T08:00:00.000Z' }];
    const { fixture } = await render(async () => makeQuery({ id: QUERY_ID }), teams);
    const notice = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="team-closed"]')!;
    expect(notice.textContent).toContain('Billing is away now: an agent answers from');
    expect(notice.textContent).toContain('your question waits for them');
  });
});
