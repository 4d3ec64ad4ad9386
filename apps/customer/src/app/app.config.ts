import {
  type ApplicationConfig,
  isDevMode,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, RouteReuseStrategy, withComponentInputBinding } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { IonicRouteStrategy, provideIonicAngular } from '@ionic/angular';
import { routes } from './app.routes';

/**
 * Zoneless on purpose: every live update enters through an SDK store that is
 * bridged into a signal (`bindStore` from @parley/angular), and a signal write schedules
 * change detection by itself, so a socket callback can never leave the view stale.
 */
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideIonicAngular({ innerHTMLTemplatesEnabled: false }),
    { provide: RouteReuseStrategy, useClass: IonicRouteStrategy },
    provideRouter(routes, withComponentInputBinding()),
    provideServiceWorker('ngsw-worker.js', {
      enabled: !isDevMode(),
      // Register once the app is stable so the worker's prefetch does not compete with the first paint.
      registrationStrategy: 'registerWhenStable:30000',
    }),
  ],
};
