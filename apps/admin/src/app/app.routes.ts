import type { Routes } from '@angular/router';
import { adminGuard, signedInGuard, signedOutGuard } from './auth/guards';
import { SignIn } from './auth/sign-in';
import { ConversationView } from './conversation/conversation-view';
import { NoSelection } from './queue/no-selection';
import { QueuePage } from './queue/queue-page';
import { Shell } from './shell/shell';

export const routes: Routes = [
  { path: 'sign-in', component: SignIn, canActivate: [signedOutGuard], title: 'Sign in · Parley' },
  {
    path: '',
    component: Shell,
    canActivate: [signedInGuard],
    children: [
      {
        path: '',
        component: QueuePage,
        children: [
          { path: '', pathMatch: 'full', component: NoSelection, title: 'Queue · Parley' },
          { path: 'queries/:queryId', component: ConversationView, title: 'Conversation · Parley' },
        ],
      },
      {
        path: 'reports',
        title: 'Reports · Parley',
        // Charts are heavy and rarely opened: their own chunk.
        loadComponent: () => import('./reports/reports-page').then((m) => m.ReportsPage),
      },
      {
        path: 'search',
        title: 'Search · Parley',
        loadComponent: () => import('./search/search-page').then((m) => m.SearchPage),
      },
      {
        path: 'profile',
        title: 'Your profile · Parley',
        loadComponent: () => import('./profile/profile-page').then((m) => m.ProfilePage),
      },
      {
        path: 'agents',
        canActivate: [adminGuard],
        title: 'Agents · Parley',
        // Admin pages are rarely opened: keep them out of the initial bundle.
        loadComponent: () => import('./agents/agents-page').then((m) => m.AgentsPage),
      },
      {
        path: 'canned-replies',
        canActivate: [adminGuard],
        title: 'Canned replies · Parley',
        loadComponent: () => import('./canned-replies/canned-replies-page').then((m) => m.CannedRepliesPage),
      },
      {
        path: 'teams',
        canActivate: [adminGuard],
        title: 'Teams · Parley',
        loadComponent: () => import('./teams/teams-page').then((m) => m.TeamsPage),
      },
      {
        path: 'settings',
        canActivate: [adminGuard],
        title: 'Settings · Parley',
        loadComponent: () => import('./settings/settings-page').then((m) => m.SettingsPage),
      },
      {
        path: 'integrations',
        canActivate: [adminGuard],
        title: 'Integrations · Parley',
        loadComponent: () => import('./integrations/integrations-page').then((m) => m.IntegrationsPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
