import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { linkify } from '@parley/angular';

/**
 * Message text rendered as text (interpolation only, never innerHTML), with http(s) links
 * made clickable. Links open in a new tab without giving it a handle on this one.
 */
@Component({
  selector: 'pa-message-body',
  // One line on purpose: white space between the blocks would show up under pre-wrap.
  template: `@for (segment of segments(); track $index) {@if (segment.kind === 'link') {<a [href]="segment.href" target="_blank" rel="noopener noreferrer">{{ segment.text }}</a>} @else {<ng-container>{{ segment.text }}</ng-container>}}`,
  styles: `
    :host { display: block; white-space: pre-wrap; overflow-wrap: anywhere; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageBody {
  readonly text = input.required<string>();
  protected readonly segments = computed(() => linkify(this.text()));
}
