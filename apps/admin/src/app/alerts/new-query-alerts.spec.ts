import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RealtimeService, type QueriesState } from '../realtime/realtime';
import { makeQuery } from '../testing/fixtures';
import { AlertSettings } from './alert-settings';
import { Beep } from './beep';
import { NewQueryAlerts } from './new-query-alerts';

describe('NewQueryAlerts', () => {
  const queries = signal<QueriesState>({ items: [], loading: true, nextCursor: null });
  const beep = { play: vi.fn() };
  const shown: Array<{ title: string; body?: string }> = [];

  class FakeNotification {
    static permission: NotificationPermission = 'granted';
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body });
    }
    close(): void {}
  }

  function setVisibility(state: DocumentVisibilityState): void {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  }

  beforeEach(() => {
    localStorage.clear();
    shown.length = 0;
    beep.play.mockClear();
    queries.set({ items: [], loading: true, nextCursor: null });
    vi.stubGlobal('Notification', FakeNotification);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: RealtimeService, useValue: { queries } },
        { provide: Beep, useValue: beep },
      ],
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setVisibility('visible');
  });

  function arrive(...subjects: string[]): void {
    const now = new Date().toISOString();
    queries.update((s) => ({
      ...s,
      loading: false,
      items: [...subjects.map((subject) => makeQuery({ subject, createdAt: now })), ...s.items],
    }));
    TestBed.tick();
  }

  it('notifies and chimes for a query that arrives while the tab is hidden', () => {
    TestBed.inject(NewQueryAlerts);
    TestBed.tick();
    setVisibility('hidden');
    arrive('Where is my parcel?');
    expect(beep.play).toHaveBeenCalledTimes(1);
    expect(shown).toEqual([{ title: 'New query from Ada Customer', body: 'Where is my parcel?' }]);
  });

  it('stays quiet while the agent is looking at the console', () => {
    TestBed.inject(NewQueryAlerts);
    setVisibility('visible');
    arrive('Visible arrival');
    expect(beep.play).not.toHaveBeenCalled();
    expect(shown).toEqual([]);
  });

  it('does not announce old queries loaded from history', () => {
    TestBed.inject(NewQueryAlerts);
    setVisibility('hidden');
    queries.set({
      items: [makeQuery({ createdAt: '2020-01-01T00:00:00.000Z' })],
      loading: false,
      nextCursor: null,
    });
    TestBed.tick();
    expect(beep.play).not.toHaveBeenCalled();
    expect(shown).toEqual([]);
  });

  it('honours the switches: sound off still notifies, notifications off still chimes', () => {
    const settings = TestBed.inject(AlertSettings);
    TestBed.inject(NewQueryAlerts);
    setVisibility('hidden');
    settings.sound.set(false);
    arrive('First');
    expect(beep.play).not.toHaveBeenCalled();
    expect(shown).toHaveLength(1);

    settings.sound.set(true);
    settings.notify.set(false);
    arrive('Second');
    expect(beep.play).toHaveBeenCalledTimes(1);
    expect(shown).toHaveLength(1);
  });
});
