import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { makeChatMessage, makeQuery } from '@parley/angular/testing';
import type { MessageHit } from '@parley/protocol';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { SearchPage } from './search-page';

describe('SearchPage', () => {
  let client: FakeAgentClient;

  beforeEach(() => {
    client = new FakeAgentClient();
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(client), provideRouter([])] });
    startRealtime();
  });

  const hit = (seq: number, internal = false): MessageHit => {
    const { key: _key, delivery: _delivery, mine: _mine, ...message } = makeChatMessage({ queryId: 'q-1', seq, internal, body: `the parcel ${seq}` });
    return {
      query: makeQuery({ id: 'q-1', subject: 'Lost parcel' }),
      message: { ...message, seq: seq, id: `m-${seq}` } as MessageHit['message'],
      snippet: { text: `the parcel ${seq}`, matches: [[4, 10]] },
    };
  };

  it('searches the text from the URL, marks the matches, links each message to its place in the conversation, and pages on', async () => {
    client.search.mockResolvedValueOnce({ queries: [makeQuery({ id: 'q-1', subject: 'Lost parcel' })], messages: [hit(3), hit(2, true)], nextCursor: 'c1' });
    client.search.mockResolvedValueOnce({ queries: [], messages: [hit(1)], nextCursor: null });
    const fixture = TestBed.createComponent(SearchPage);
    fixture.componentRef.setInput('q', 'parcel');
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(client.search).toHaveBeenCalledWith('parcel');
    expect(el.querySelector('[data-testid="query-results"] a')!.getAttribute('href')).toBe('/queries/q-1');
    const links = [...el.querySelectorAll<HTMLAnchorElement>('[data-testid="message-results"] a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/queries/q-1?seq=3', '/queries/q-1?note=2']);
    expect(links[0]!.querySelector('mark')!.textContent).toBe('parcel');
    (el.querySelector('button:not([type="submit"])') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(client.search).toHaveBeenLastCalledWith('parcel', { cursor: 'c1' });
    expect(el.querySelectorAll('[data-testid="message-results"] li')).toHaveLength(3);
  });

  it('says when nothing was found', async () => {
    const fixture = TestBed.createComponent(SearchPage);
    fixture.componentRef.setInput('q', 'zebra');
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="status"]')!.textContent).toContain('Nothing found for “zebra”');
  });
});
