import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { SessionStore } from './session-store';

/** Lets signed-in agents through; sends everyone else to sign in, remembering where they were going. */
export const signedInGuard: CanActivateFn = (_route, state) =>
  inject(SessionStore).session()
    ? true
    : inject(Router).createUrlTree(['/sign-in'], state.url && state.url !== '/' ? { queryParams: { returnUrl: state.url } } : {});

/** The sign-in page makes no sense once signed in. */
export const signedOutGuard: CanActivateFn = () =>
  inject(SessionStore).session() ? inject(Router).createUrlTree(['/']) : true;

/** Admin pages; the server enforces the role too, this only keeps agents out of dead ends. */
export const adminGuard: CanActivateFn = () =>
  inject(SessionStore).isAdmin() ? true : inject(Router).createUrlTree(['/']);
