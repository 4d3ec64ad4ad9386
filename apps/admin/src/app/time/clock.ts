import { DestroyRef, inject, Injectable, signal } from '@angular/core';

/** How often relative times ("waiting 4 min") are refreshed. */
const TICK_MS = 15_000;

/** The current time as a signal, so waiting times re-render without any component timer. */
@Injectable({ providedIn: 'root' })
export class Clock {
  private readonly value = signal(Date.now());
  readonly now = this.value.asReadonly();

  constructor() {
    const timer = setInterval(() => this.value.set(Date.now()), TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
