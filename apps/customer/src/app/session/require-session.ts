import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { ParleySession } from './parley-session';

/** Pages that need a customer: restore the saved or embedded session, else go to the start page. */
export const requireSession: CanActivateFn = async () => {
  // Both injected before the await: the injection context ends at the first await.
  const session = inject(ParleySession);
  const router = inject(Router);
  if (session.client() || (await session.restore())) return true;
  return router.createUrlTree(['/start']);
};

/**
 * The start page is for someone without a session: a customer already signed
 * in goes to their queries instead of silently becoming a new visitor (which
 * would lose the old visitor's resumeKey, and with it their conversations).
 */
export const redirectSignedIn: CanActivateFn = async () => {
  const session = inject(ParleySession);
  const router = inject(Router);
  if (session.client() || (await session.restore())) return router.createUrlTree(['/queries']);
  return true;
};
