import { Injectable, signal } from '@angular/core';
import type { QueueFilter } from './query-filter';

/**
 * The queue's chosen tab and search text. Held in a root service rather than in the page so a
 * visit to Agents or Canned replies (which destroys the queue page) does not reset them.
 */
@Injectable({ providedIn: 'root' })
export class QueueViewState {
  readonly filter = signal<QueueFilter>('open');
  readonly search = signal('');
  /** A team's id to show only its queries; '' for every team. */
  readonly team = signal('');
}
