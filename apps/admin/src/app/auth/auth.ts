import { inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import { signInAgent } from '@parley/client';
import { PARLEY_BASE_URL } from '../realtime/tokens';
import { RealtimeService } from '../realtime/realtime';
import { DraftStore } from '../conversation/draft-store';
import { safeReturnUrl } from './return-url';
import { SessionStore } from './session-store';
import { SignOutBroadcast } from './sign-out-broadcast';

/** Shown on the sign-in page of a tab whose agent signed out in another tab. */
export const SIGNED_OUT_ELSEWHERE = 'You signed out in another tab.';

/** Signs agents in and out; the session itself lives in {@link SessionStore}. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly baseUrl = inject(PARLEY_BASE_URL);
  private readonly sessions = inject(SessionStore);
  private readonly realtime = inject(RealtimeService);
  private readonly router = inject(Router);
  private readonly drafts = inject(DraftStore);
  private readonly broadcast = inject(SignOutBroadcast);

  constructor() {
    // Signing out on purpose ends the session in every tab of this browser, with what each tab had not sent.
    this.broadcast.listen((agentId) => {
      if (this.sessions.agent()?.id === agentId) void this.end(true, SIGNED_OUT_ELSEWHERE);
    });
  }

  /** Rejects with a ParleyError (`invalid_credentials`…) when the server refuses; then goes where the agent was headed. */
  async signIn(email: string, password: string, returnUrl?: string | null): Promise<void> {
    const session = await signInAgent(this.baseUrl, email, password);
    this.sessions.save(session);
    await this.router.navigateByUrl(safeReturnUrl(returnUrl));
  }

  /**
   * Ends the session in this browser. `unsent: 'discard'` (the Sign out button) also forgets what the agent wrote
   * and did not send — drafts and the messages still waiting — so a shared machine keeps none of it; `'keep'`
   * (signing in again after the session ended) leaves both for when the agent is back. A `'discard'` sign-out ends
   * the agent's other tabs of this browser too, with what they had not sent ({@link SignOutBroadcast}).
   */
  async signOut(unsent: 'discard' | 'keep' = 'discard'): Promise<void> {
    const agentId = this.sessions.agent()?.id;
    const discard = unsent === 'discard';
    await this.end(discard, null);
    // The other tabs hold their own unsent messages in memory: they discard them and sign out too.
    if (discard && agentId) this.broadcast.announce(agentId);
  }

  private async end(discard: boolean, reason: string | null): Promise<void> {
    await this.realtime.stop({ discardUnsent: discard });
    if (discard) this.drafts.clearMine();
    this.sessions.clear(reason);
    await this.router.navigateByUrl('/sign-in');
  }
}
