import { TestBed } from '@angular/core/testing';
import { makeQuery } from '@parley/angular/testing';
import type { AgentWithPresence, Query } from '@parley/protocol';
import type { AgentSession } from '../auth/session-store';
import { Team } from '../team/team';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { QueryActions } from './query-actions';

const me: AgentSession = {
  token: 't',
  user: { id: 'me', role: 'agent', name: 'Me' },
  agent: { id: 'me', email: 'me@example.test', name: 'Me', role: 'agent', active: true, createdAt: '' },
};
const agent = (id: string, name: string): AgentWithPresence => ({ id, name, email: `${id}@x.test`, role: 'agent', active: true, createdAt: '', status: 'online' });

describe('QueryActions', () => {
  let api: FakeAgentClient;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeAgentClient(me);
    api.assign.mockImplementation(async (id) => makeQuery({ id, assignee: { id: 'me', name: 'Me' } }));
    api.resolve.mockImplementation(async (id) => makeQuery({ id, status: 'resolved' }));
    api.reopen.mockImplementation(async (id) => makeQuery({ id }));
    api.updateQuery.mockImplementation(async (id, patch) => makeQuery({ id, ...(patch.status ? { status: patch.status } : {}) }));
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(api)] });
    startRealtime(me);
    TestBed.inject(Team).set([agent('me', 'Me'), agent('bo', 'Bo'), agent('cy', 'Cy')]);
  });
  afterEach(() => vi.unstubAllGlobals());

  async function render(query: Query) {
    const fixture = TestBed.createComponent(QueryActions);
    fixture.componentRef.setInput('query', query);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const button = (label: string) => [...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === label);
    return { fixture, root, button };
  }

  it('marks an open query pending and a pending one open, over REST', async () => {
    const { fixture, button } = await render(makeQuery({ id: 'q-1', status: 'open' }));
    button('Mark pending')!.click();
    expect(api.updateQuery).toHaveBeenCalledWith('q-1', { status: 'pending' });
    fixture.componentRef.setInput('query', makeQuery({ id: 'q-1', status: 'pending' }));
    await fixture.whenStable();
    button('Mark open')!.click();
    expect(api.updateQuery).toHaveBeenLastCalledWith('q-1', { status: 'open' });
  });

  it('offers colleagues other than me and the assignee as transfer targets', async () => {
    const { root } = await render(makeQuery({ assignee: { id: 'bo', name: 'Bo' } }));
    const options = [...root.querySelectorAll('#transfer-to option')].map((o) => o.textContent!.trim());
    expect(options).toEqual(['Transfer to…', 'Cy (online)']);
  });

  it('shows no transfer control when there is nobody to transfer to', async () => {
    TestBed.inject(Team).set([agent('me', 'Me'), agent('bo', 'Bo')]);
    const { root } = await render(makeQuery({ assignee: { id: 'bo', name: 'Bo' } }));
    expect(root.querySelector('#transfer-to')).toBeNull();
    expect([...root.querySelectorAll('button')].map((b) => b.textContent!.trim())).not.toContain('Transfer');
  });

  it('asks before taking over a colleague\u2019s query, and assigns unassigned ones at once', async () => {
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const taken = await render(makeQuery({ id: 'q-2', assignee: { id: 'bo', name: 'Bo' } }));
    taken.button('Take over')!.click();
    expect(confirm).toHaveBeenCalledWith('Take this query over from Bo?');
    expect(api.assign).not.toHaveBeenCalled();

    const free = await render(makeQuery({ id: 'q-3', assignee: null }));
    free.button('Assign to me')!.click();
    await vi.waitFor(() => expect(api.assign).toHaveBeenCalledWith('q-3'));
    expect(confirm).toHaveBeenCalledTimes(1);
  });

  it('keeps focus on the Resolve button as it turns into Reopen', async () => {
    const { fixture, root, button } = await render(makeQuery({ id: 'q-4' }));
    const resolve = button('Resolve')!;
    resolve.focus();
    resolve.click();
    expect(resolve.disabled).toBe(false);
    fixture.componentRef.setInput('query', makeQuery({ id: 'q-4', status: 'resolved' }));
    await fixture.whenStable();
    expect(button('Reopen')).toBe(resolve);
    expect(document.activeElement).toBe(resolve);
    expect(root.querySelector('#transfer-to')).toBeNull();
  });

  it('moves focus to Resolve after "Assign to me" (which goes away)', async () => {
    const { fixture, button } = await render(makeQuery({ id: 'q-5' }));
    const assign = button('Assign to me')!;
    assign.focus();
    assign.click();
    await vi.waitFor(() => expect(document.activeElement?.textContent?.trim()).toBe('Resolve'));
    fixture.componentRef.setInput('query', makeQuery({ id: 'q-5', assignee: { id: 'me', name: 'Me' } }));
    await fixture.whenStable();
    expect(button('Assign to me')).toBeUndefined();
  });
});
