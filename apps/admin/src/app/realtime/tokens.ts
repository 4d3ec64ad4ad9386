import { InjectionToken } from '@angular/core';
import { ParleyClient, type ParleyClientOptions } from '@parley/client';

/** Origin of the Parley server. The console is served by that server, so its own origin. */
export const PARLEY_BASE_URL = new InjectionToken<string>('PARLEY_BASE_URL', {
  providedIn: 'root',
  factory: () => globalThis.location?.origin ?? '',
});

/** Makes the SDK client; tests swap in a fake without touching the network. */
export const PARLEY_CLIENT_FACTORY = new InjectionToken<(options: ParleyClientOptions) => ParleyClient>(
  'PARLEY_CLIENT_FACTORY',
  { providedIn: 'root', factory: () => (options) => new ParleyClient(options) },
);
