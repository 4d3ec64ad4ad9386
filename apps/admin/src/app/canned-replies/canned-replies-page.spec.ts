import { TestBed } from '@angular/core/testing';
import type { CannedReply } from '@parley/protocol';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { CannedRepliesPage } from './canned-replies-page';
import { CannedRepliesStore } from './canned-replies-store';

const at = '2026-01-01T00:00:00.000Z';
const refund: CannedReply = { id: 'r-1', shortcut: 'refund', title: 'Refund policy', body: 'Five days.', createdAt: at, updatedAt: at };
const hello: CannedReply = { id: 'r-2', shortcut: 'hello', title: 'Greeting', body: 'Hi!', createdAt: at, updatedAt: at };

describe('CannedRepliesStore and page', () => {
  let api: FakeAgentClient;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeAgentClient();
    api.listCannedReplies.mockResolvedValue([refund, hello]);
    api.updateCannedReply.mockImplementation(async (_id, patch) => ({ ...refund, ...patch }));
    api.createCannedReply.mockImplementation(async (input) => ({ ...hello, id: 'r-3', ...input }));
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(api)] });
    startRealtime();
  });

  it('loads once, keeps the list sorted by shortcut, and follows create, update and delete', async () => {
    const store = TestBed.inject(CannedRepliesStore);
    await store.load();
    await store.load();
    expect(api.listCannedReplies).toHaveBeenCalledTimes(1);
    expect(store.replies().map((r) => r.shortcut)).toEqual(['hello', 'refund']);
    await store.create({ shortcut: 'abc', title: 'A', body: 'a' });
    expect(store.replies().map((r) => r.shortcut)).toEqual(['abc', 'hello', 'refund']);
    await store.update('r-1', { title: 'Refunds' });
    expect(store.replies().find((r) => r.id === 'r-1')!.title).toBe('Refunds');
    await store.remove('r-2');
    expect(api.deleteCannedReply).toHaveBeenLastCalledWith('r-2');
    expect(store.replies().map((r) => r.id)).toEqual(['r-3', 'r-1']);
  });

  it('moves keyboard focus into the edit form and back to Edit on Cancel; action buttons sit in a wrapper, not a flex cell', async () => {
    const fixture = TestBed.createComponent(CannedRepliesPage);
    const root = fixture.nativeElement as HTMLElement;
    await vi.waitFor(async () => {
      await fixture.whenStable();
      expect(root.querySelectorAll('button[data-edit-button]')).toHaveLength(2);
    });
    expect(root.querySelector('td.row-actions')).toBeNull();
    expect(root.querySelector('td > .row-actions')).not.toBeNull();
    root.querySelector<HTMLButtonElement>('button[data-edit-button="r-1"]')!.click();
    await fixture.whenStable();
    expect(document.activeElement).toBe(root.querySelector('form[data-edit="r-1"] input[name="shortcut"]'));
    [...root.querySelectorAll<HTMLButtonElement>('form[data-edit="r-1"] button')].find((b) => b.textContent === 'Cancel')!.click();
    await fixture.whenStable();
    expect(document.activeElement).toBe(root.querySelector('button[data-edit-button="r-1"]'));
  });
});
