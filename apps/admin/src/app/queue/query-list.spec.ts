import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { makeQuery } from '@parley/angular/testing';
import type { Query } from '@parley/protocol';
import { filterQueries, unreadCount } from './query-filter';
import { QueryList } from './query-list';

const ME = 'agent-me';
const NOW = Date.parse('2026-01-01T12:00:00.000Z');

const queries: Query[] = [
  makeQuery({ subject: 'Open unassigned', status: 'open', assignee: null }),
  makeQuery({ subject: 'Open mine', status: 'open', assignee: { id: ME, name: 'Me' } }),
  makeQuery({ subject: 'Pending other', status: 'pending', assignee: { id: 'other', name: 'Bo' } }),
  makeQuery({ subject: 'Resolved mine', status: 'resolved', assignee: { id: ME, name: 'Me' } }),
  makeQuery({ subject: 'Resolved unassigned', status: 'resolved', assignee: null }),
];

const subjects = (list: Query[]) => list.map((q) => q.subject);

describe('filterQueries', () => {
  it('puts each query under the tabs it belongs to', () => {
    expect(subjects(filterQueries(queries, 'open', ME))).toEqual(['Open unassigned', 'Open mine']);
    expect(subjects(filterQueries(queries, 'mine', ME))).toEqual(['Open mine']);
    expect(subjects(filterQueries(queries, 'unassigned', ME))).toEqual(['Open unassigned']);
    expect(subjects(filterQueries(queries, 'pending', ME))).toEqual(['Pending other']);
    expect(subjects(filterQueries(queries, 'resolved', ME))).toEqual(['Resolved mine', 'Resolved unassigned']);
  });
});

describe('unreadCount', () => {
  it("shows the server's count of unread customer messages, which leaves out automatic replies", () => {
    // Seqs 5–7 after the agents' cursor, one of them the team's automatic reply.
    const waiting = makeQuery({ lastSeq: 7, agentReadSeq: 4, agentUnread: 2, waitingSince: '2026-01-01T11:00:00.000Z' });
    expect(unreadCount(waiting)).toBe(2);
  });

  it('counts every message past the agents read cursor from a server without the count', () => {
    const waiting = makeQuery({ lastSeq: 7, agentReadSeq: 4, waitingSince: '2026-01-01T11:00:00.000Z' });
    expect(unreadCount(waiting)).toBe(3);
  });

  it('is zero once an agent answered last', () => {
    expect(unreadCount(makeQuery({ lastSeq: 7, agentReadSeq: 4, waitingSince: null }))).toBe(0);
  });
});

describe('QueryList', () => {
  async function render(list: Query[] = queries) {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(QueryList);
    fixture.componentRef.setInput('queries', list);
    fixture.componentRef.setInput('meId', ME);
    fixture.componentRef.setInput('now', NOW);
    await fixture.whenStable();
    return fixture;
  }

  const rowSubjects = (root: HTMLElement) =>
    [...root.querySelectorAll('.row .subject')].map((el) => el.textContent?.trim());

  it('shows the open tab first, with a count on every tab', async () => {
    const fixture = await render();
    const root = fixture.nativeElement as HTMLElement;
    expect(rowSubjects(root)).toEqual(['Open unassigned', 'Open mine']);
    const tabs = [...root.querySelectorAll('[role="tab"]')].map((t) => t.textContent?.replace(/\s+/g, ' ').trim());
    expect(tabs).toEqual(['Open 2', 'Mine 1', 'Unassigned 1', 'Pending 1', 'Resolved 2']);
  });

  it('switches the list when another tab is clicked and marks it selected', async () => {
    const fixture = await render();
    const root = fixture.nativeElement as HTMLElement;
    root.querySelector<HTMLButtonElement>('[data-filter="resolved"]')!.click();
    await fixture.whenStable();
    expect(rowSubjects(root)).toEqual(['Resolved mine', 'Resolved unassigned']);
    expect(root.querySelector('[data-filter="resolved"]')!.getAttribute('aria-selected')).toBe('true');
    expect(fixture.componentInstance.filter()).toBe('resolved');
  });

  it('moves between tabs with the arrow keys', async () => {
    const fixture = await render();
    const root = fixture.nativeElement as HTMLElement;
    root
      .querySelector('[role="tablist"]')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await fixture.whenStable();
    expect(fixture.componentInstance.filter()).toBe('resolved');
  });

  it('shows name, preview, waiting time and unread count of a waiting query', async () => {
    const waiting = makeQuery({
      customer: { id: 'c-9', name: 'Grace' },
      lastSeq: 3,
      agentReadSeq: 1,
      waitingSince: '2026-01-01T11:48:00.000Z',
      lastMessage: {
        seq: 3,
        body: 'Still nothing?',
        author: { id: 'c-9', role: 'customer', name: 'Grace' },
        createdAt: '2026-01-01T11:48:00.000Z',
      },
    });
    const fixture = await render([waiting]);
    const row = (fixture.nativeElement as HTMLElement).querySelector('.row')!;
    expect(row.querySelector('.name')!.textContent).toContain('Grace');
    expect(row.querySelector('.preview')!.textContent).toContain('Still nothing?');
    expect(row.querySelector('.waiting')!.textContent).toContain('12 min');
    expect(row.querySelector('.unread [aria-hidden="true"]')!.textContent!.trim()).toBe('2');
    // Screen readers hear "2 unread" from real text (aria-label on a plain span is ignored).
    expect(row.querySelector('.unread .visually-hidden')!.textContent!.trim()).toBe('2 unread');
    expect(row.getAttribute('href')).toBe(`/queries/${waiting.id}`);
  });

  it('updates live when the list input changes', async () => {
    const fixture = await render([]);
    const root = fixture.nativeElement as HTMLElement;
    expect(root.textContent).toContain('No queries here.');
    fixture.componentRef.setInput('queries', [makeQuery({ subject: 'Just arrived' })]);
    await fixture.whenStable();
    expect(rowSubjects(root)).toEqual(['Just arrived']);
  });

  it('says "N+" on the Resolved tab while more resolved queries exist, and offers to load them there only', async () => {
    const fixture = await render();
    fixture.componentRef.setInput('hasMoreResolved', true);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[data-filter="resolved"] .count')!.textContent).toBe('2+');
    expect(root.querySelector('[data-filter="open"] .count')!.textContent).toBe('2');
    expect(root.querySelector('.more')).toBeNull();
    let asked = 0;
    fixture.componentInstance.loadMoreResolved.subscribe(() => asked++);
    root.querySelector<HTMLButtonElement>('[data-filter="resolved"]')!.click();
    await fixture.whenStable();
    root.querySelector<HTMLButtonElement>('.more')!.click();
    expect(asked).toBe(1);
  });

  it('marks unresolved counts as partial until the working set is fully loaded', async () => {
    const fixture = await render();
    fixture.componentRef.setInput('unresolvedComplete', false);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-filter="open"] .count')!.textContent).toBe('2+');
  });

  it('jumps to the first and last tab with Home and End', async () => {
    const fixture = await render();
    const tablist = (fixture.nativeElement as HTMLElement).querySelector('[role="tablist"]')!;
    tablist.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(fixture.componentInstance.filter()).toBe('resolved');
    tablist.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    expect(fixture.componentInstance.filter()).toBe('open');
  });

  it('narrows every tab to queries matching the search', async () => {
    const fixture = await render();
    fixture.componentRef.setInput('search', 'mine');
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(rowSubjects(root)).toEqual(['Open mine']);
    expect(root.querySelector('[data-filter="resolved"] .count')!.textContent).toBe('1');
  });
});
