import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { TextMatch } from '@parley/protocol';

/** Text with the search's matches marked (`<mark>`), built from offsets: the text is never parsed as HTML. */
@Component({
  selector: 'pa-highlighted-text',
  template: `@for (part of parts(); track $index) {@if (part.mark) {<mark>{{ part.text }}</mark>} @else {{{ part.text }}}}`,
  styles: `
    mark {
      background: var(--pa-warning-bg);
      color: inherit;
      font-weight: 600;
      border-radius: 2px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HighlightedText {
  readonly value = input.required<TextMatch>();

  protected readonly parts = computed(() => {
    const { text, matches } = this.value();
    const parts: Array<{ text: string; mark: boolean }> = [];
    let at = 0;
    for (const [start, end] of matches) {
      if (start < at || end > text.length || start >= end) continue;
      if (start > at) parts.push({ text: text.slice(at, start), mark: false });
      parts.push({ text: text.slice(start, end), mark: true });
      at = end;
    }
    if (at < text.length) parts.push({ text: text.slice(at), mark: false });
    return parts;
  });
}
