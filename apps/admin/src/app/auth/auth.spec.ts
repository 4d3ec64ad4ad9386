import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { ClientOptions } from '@parley/client';
import { unsentQuestion } from '../shell/unsent-question';
import { AGENT_SESSION as session, FakeAgentClient } from '../testing/fake-agent-client';
import { RealtimeService } from '../realtime/realtime';
import { PARLEY_CLIENT_FACTORY } from '../realtime/tokens';
import { DraftStore } from '../conversation/draft-store';
import { AuthService } from './auth';
import { SessionStore } from './session-store';

const draftKeys = () => Object.keys(localStorage).filter((key) => key.includes('draft'));

describe('AuthService.signOut', () => {
  let client: FakeAgentClient;

  beforeEach(() => {
    localStorage.clear();
    client = new FakeAgentClient();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: PARLEY_CLIENT_FACTORY, useValue: (_: ClientOptions) => client }],
    });
    TestBed.inject(SessionStore).save(session);
    TestBed.inject(RealtimeService).ensureStarted();
  });

  it('discards the unsent messages and drafts with the session when the agent signs out on purpose', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    TestBed.inject(DraftStore).set('q-1', 'Half a reply');
    await TestBed.inject(AuthService).signOut('discard');
    expect(client.close).toHaveBeenCalledWith({ discardUnsent: true });
    expect(draftKeys()).toEqual([]);
    expect(TestBed.inject(SessionStore).session()).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/sign-in');
  });

  it('keeps the unsent messages and drafts for the next sign-in when the session had ended', async () => {
    vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    TestBed.inject(DraftStore).set('q-1', 'Half a reply');
    await TestBed.inject(AuthService).signOut('keep');
    expect(client.close).toHaveBeenCalledWith({ discardUnsent: false });
    expect(draftKeys()).toHaveLength(1);
    expect(TestBed.inject(SessionStore).session()).toBeNull();
  });
});

describe('unsentQuestion', () => {
  it('says how many messages would be discarded', () => {
    expect(unsentQuestion(1)).toBe('1 message has not been sent yet. Sign out and discard it?');
    expect(unsentQuestion(3)).toBe('3 messages have not been sent yet. Sign out and discard them?');
  });
});
