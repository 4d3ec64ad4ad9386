import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { captureIdentityFromLocation } from './app/session/embedded-identity';

// Before the router reads the URL: the signed identity must not survive in the address bar.
captureIdentityFromLocation();
bootstrapApplication(App, appConfig).catch((error: unknown) => console.error(error));
