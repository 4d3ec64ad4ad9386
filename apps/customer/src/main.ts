import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { captureIdentityFromLocation } from './app/session/embedded-identity';
import { installStorageFallback, type MemoryStorage } from './app/session/storage-fallback';
import { relayStorageThroughParent } from './app/session/storage-relay';

// In a third-party iframe (the chat widget), some browsers refuse storage: fall back to memory first, and in the
// widget let the host page keep it (storage-relay.ts) before anything reads it.
const refused = installStorageFallback();
const relayed =
  window.parent !== window && refused.length > 0
    ? relayStorageThroughParent({
        ...(refused.includes('localStorage') ? { local: localStorage as MemoryStorage } : {}),
        ...(refused.includes('sessionStorage') ? { session: sessionStorage as MemoryStorage } : {}),
      })
    : Promise.resolve();

// Before the router reads the URL: the signed identity must not survive in the address bar.
captureIdentityFromLocation();
void relayed.then(() => bootstrapApplication(App, appConfig)).catch((error: unknown) => console.error(error));
