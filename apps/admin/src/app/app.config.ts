import {
  type ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, TitleStrategy, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { PageTitle } from './shell/page-title';

/**
 * Zoneless on purpose (Angular's default since v21, stated here so nobody adds zone.js back):
 * change detection is scheduled by signal writes, never by patched browser APIs, so a socket
 * callback that sets a signal refreshes the view wherever it runs.
 */
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    { provide: TitleStrategy, useExisting: PageTitle },
  ],
};
