import { ChangeDetectionStrategy, Component } from '@angular/core';

/** What the conversation pane shows before a query is picked. */
@Component({
  selector: 'pa-no-selection',
  template: `<p>Select a query from the queue to start working on it.</p>`,
  styles: `:host { display: grid; place-items: center; height: 100%; color: var(--pa-muted); }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NoSelection {}
