import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { ClientOptions } from '@parley/client';
import { unsentQuestion } from '../shell/unsent-question';
import { AGENT_SESSION as session, FakeAgentClient } from '../testing/fake-agent-client';
import { RealtimeService } from '../realtime/realtime';
import { PARLEY_CLIENT_FACTORY } from '../realtime/tokens';
import { DraftStore } from '../conversation/draft-store';
import { AuthService, SIGNED_OUT_ELSEWHERE } from './auth';
import { SessionStore } from './session-store';
import { SignOutBroadcast } from './sign-out-broadcast';

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

describe('signing out in one tab', () => {
  let client: FakeAgentClient;
  /** Another tab of the same browser: the channel the console's tabs share. */
  let otherTab: BroadcastChannel;

  beforeEach(() => {
    localStorage.clear();
    client = new FakeAgentClient();
    otherTab = new BroadcastChannel('parley-admin:sign-out');
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: PARLEY_CLIENT_FACTORY, useValue: (_: ClientOptions) => client }],
    });
    TestBed.inject(SessionStore).save(session);
    TestBed.inject(RealtimeService).ensureStarted();
  });

  afterEach(() => otherTab.close());

  it('tells the other tabs when the agent signs out on purpose, and not when the session had ended', async () => {
    vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const heard: unknown[] = [];
    otherTab.onmessage = (event) => heard.push(event.data);
    const auth = TestBed.inject(AuthService);
    await auth.signOut('keep');
    TestBed.inject(SessionStore).save(session);
    await auth.signOut('discard');
    await vi.waitFor(() => expect(heard).toEqual([{ agentId: session.agent.id }]));
  });

  it('ends this tab too, discarding its unsent messages and drafts, when another tab signs the same agent out', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    TestBed.inject(DraftStore).set('q-1', 'Half a reply');
    TestBed.inject(AuthService);
    otherTab.postMessage({ agentId: session.agent.id });
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/sign-in'));
    expect(client.close).toHaveBeenCalledWith({ discardUnsent: true });
    expect(draftKeys()).toEqual([]);
    expect(TestBed.inject(SessionStore).session()).toBeNull();
    expect(TestBed.inject(SessionStore).endedReason()).toBe(SIGNED_OUT_ELSEWHERE);
  });

  it('stays signed in when another tab signs out a different agent, or says something else', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    TestBed.inject(AuthService);
    // The channel calls its listeners message by message, in the order they were added (AuthService's first): once
    // this one hears the marker, AuthService has handled the two messages before it.
    const marker = new Promise<void>((resolve) => {
      TestBed.inject(SignOutBroadcast).listen((agentId) => agentId === 'marker' && resolve());
    });
    otherTab.postMessage({ agentId: 'someone-else' });
    otherTab.postMessage('signed out');
    otherTab.postMessage({ agentId: 'marker' });
    await marker;
    expect(navigate).not.toHaveBeenCalled();
    expect(client.close).not.toHaveBeenCalled();
    expect(TestBed.inject(SessionStore).session()).not.toBeNull();
  });
});

describe('unsentQuestion', () => {
  it('says how many messages would be discarded', () => {
    expect(unsentQuestion(1)).toBe('1 message has not been sent yet. Sign out and discard it?');
    expect(unsentQuestion(3)).toBe('3 messages have not been sent yet. Sign out and discard them?');
  });
});
