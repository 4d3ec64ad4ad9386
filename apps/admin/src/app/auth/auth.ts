import { inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import { signInAgent } from '@parley/client';
import { PARLEY_BASE_URL } from '../realtime/tokens';
import { RealtimeService } from '../realtime/realtime';
import { DraftStore } from '../conversation/draft-store';
import { safeReturnUrl } from './return-url';
import { SessionStore } from './session-store';

/** Signs agents in and out; the session itself lives in {@link SessionStore}. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly baseUrl = inject(PARLEY_BASE_URL);
  private readonly sessions = inject(SessionStore);
  private readonly realtime = inject(RealtimeService);
  private readonly router = inject(Router);
  private readonly drafts = inject(DraftStore);

  /** Rejects with a ParleyError (`invalid_credentials`…) when the server refuses; then goes where the agent was headed. */
  async signIn(email: string, password: string, returnUrl?: string | null): Promise<void> {
    const session = await signInAgent(this.baseUrl, email, password);
    this.sessions.save(session);
    await this.router.navigateByUrl(safeReturnUrl(returnUrl));
  }

  /**
   * Ends the session in this browser. `unsent: 'discard'` (the Sign out button) also forgets what the agent wrote
   * and did not send — drafts and the messages still waiting — so a shared machine keeps none of it; `'keep'`
   * (signing in again after the session ended) leaves both for when the agent is back.
   */
  async signOut(unsent: 'discard' | 'keep' = 'discard'): Promise<void> {
    const discard = unsent === 'discard';
    await this.realtime.stop({ discardUnsent: discard });
    if (discard) this.drafts.clearMine();
    this.sessions.clear();
    await this.router.navigateByUrl('/sign-in');
  }
}
