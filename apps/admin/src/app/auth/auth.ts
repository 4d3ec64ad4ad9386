import { inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import { signInAgent } from '@parley/client';
import { PARLEY_BASE_URL } from '../realtime/tokens';
import { RealtimeService } from '../realtime/realtime';
import { SessionStore } from './session-store';

/** Signs agents in and out; the session itself lives in {@link SessionStore}. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly baseUrl = inject(PARLEY_BASE_URL);
  private readonly sessions = inject(SessionStore);
  private readonly realtime = inject(RealtimeService);
  private readonly router = inject(Router);

  /** Rejects with a ParleyError (`invalid_credentials`…) when the server refuses. */
  async signIn(email: string, password: string): Promise<void> {
    const session = await signInAgent(this.baseUrl, email, password);
    this.sessions.save(session);
    await this.router.navigateByUrl('/');
  }

  async signOut(): Promise<void> {
    await this.realtime.stop();
    this.sessions.clear();
    await this.router.navigateByUrl('/sign-in');
  }
}
