import type { Routes } from '@angular/router';
import { redirectSignedIn, requireSession } from './session/require-session';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'queries' },
  {
    path: 'start',
    title: 'Get help · Parley Support',
    canActivate: [redirectSignedIn],
    loadComponent: () => import('./start/start-page').then((m) => m.StartPage),
  },
  {
    path: 'queries',
    title: 'My queries · Parley Support',
    canActivate: [requireSession],
    loadComponent: () => import('./queries/query-list-page').then((m) => m.QueryListPage),
  },
  {
    path: 'queries/new',
    title: 'New query · Parley Support',
    canActivate: [requireSession],
    loadComponent: () => import('./queries/new-query-page').then((m) => m.NewQueryPage),
  },
  {
    path: 'details',
    title: 'Your details · Parley Support',
    canActivate: [requireSession],
    loadComponent: () => import('./details/details-page').then((m) => m.DetailsPage),
  },
  {
    path: 'queries/:id',
    title: 'Conversation · Parley Support',
    canActivate: [requireSession],
    loadComponent: () => import('./conversation/conversation-page').then((m) => m.ConversationPage),
  },
  { path: '**', redirectTo: 'queries' },
];
