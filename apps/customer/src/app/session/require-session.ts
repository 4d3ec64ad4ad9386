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
