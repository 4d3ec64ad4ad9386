import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  type ElementRef,
  input,
  output,
  viewChild,
} from '@angular/core';
import type { ChatMessage } from '@parley/client';
import type { UserRef } from '@parley/protocol';
import { MessageBody } from './message-body';

/** Within this many pixels of an edge counts as "at" it. */
const EDGE_PX = 48;

type Tick = 'pending' | 'sent' | 'read' | 'failed' | null;

interface Row {
  message: ChatMessage;
  time: string;
  /** Delivery of my own public messages; notes and others' messages show none. */
  tick: Tick;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * The conversation's timeline: scroll-back at the top (loads older pages when reached),
 * sticks to the bottom while the agent is there, keeps the reading position when older
 * messages are prepended. The list is an ARIA log, so new messages are announced.
 */
@Component({
  selector: 'pa-message-list',
  imports: [MessageBody],
  templateUrl: './message-list.html',
  styleUrl: './message-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageList {
  readonly messages = input.required<readonly ChatMessage[]>();
  readonly customerReadSeq = input(0);
  readonly typing = input<readonly UserRef[]>([]);
  readonly hasOlder = input(false);
  readonly loadingOlder = input(false);
  readonly loadOlder = output<void>();
  readonly retry = output<string>();
  readonly discard = output<string>();

  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private stickToBottom = true;
  /** Set before asking for older messages: restore the distance from the bottom afterwards. */
  private anchor: { firstKey: string | undefined; fromBottom: number } | null = null;
  private lastKey: string | undefined;
  /**
   * Set when we move scrollTop ourselves: the scroll event that follows is not the agent
   * scrolling back, so it must not load older pages. (Browsers coalesce scroll events per
   * frame, hence a flag rather than a counter.)
   */
  private ownScroll = false;

  protected readonly rows = computed<Row[]>(() => {
    const readSeq = this.customerReadSeq();
    return this.messages().map((message) => ({
      message,
      time: timeFormat.format(new Date(message.createdAt)),
      tick: tickFor(message, readSeq),
    }));
  });

  protected readonly typingText = computed(() => {
    const names = this.typing().map((user) => user.name);
    if (names.length === 0) return '';
    return names.length === 1 ? `${names[0]} is typing…` : `${names.join(', ')} are typing…`;
  });

  constructor() {
    afterRenderEffect(() => {
      const rows = this.rows();
      this.typingText();
      const element = this.scroller().nativeElement;
      const last = rows.at(-1);
      if (this.anchor && rows[0]?.message.key !== this.anchor.firstKey) {
        this.scrollTo(element, element.scrollHeight - this.anchor.fromBottom);
        this.anchor = null;
      } else if (this.stickToBottom || (last && last.message.key !== this.lastKey && last.message.mine)) {
        // My own new message always scrolls into view; others' only if I was at the bottom.
        this.scrollTo(element, element.scrollHeight);
        this.stickToBottom = true;
      }
      this.lastKey = last?.message.key;
    });
  }

  protected followScroll(): void {
    const element = this.scroller().nativeElement;
    const own = this.ownScroll;
    this.ownScroll = false;
    this.stickToBottom = element.scrollHeight - element.scrollTop - element.clientHeight < EDGE_PX;
    if (!own && element.scrollTop < EDGE_PX) this.requestOlder();
  }

  private scrollTo(element: HTMLElement, top: number): void {
    const target = Math.max(0, Math.min(top, element.scrollHeight - element.clientHeight));
    if (Math.round(element.scrollTop) === Math.round(target)) return; // no change, no scroll event
    this.ownScroll = true;
    element.scrollTop = target;
  }

  protected requestOlder(): void {
    if (!this.hasOlder() || this.loadingOlder()) return;
    const element = this.scroller().nativeElement;
    this.anchor = { firstKey: this.rows()[0]?.message.key, fromBottom: element.scrollHeight - element.scrollTop };
    this.loadOlder.emit();
  }
}

function tickFor(message: ChatMessage, customerReadSeq: number): Tick {
  if (!message.mine) return null;
  if (message.delivery === 'pending' || message.delivery === 'failed') return message.delivery;
  if (message.internal) return null;
  if (message.delivery === 'read' || (message.seq !== null && message.seq <= customerReadSeq)) return 'read';
  return 'sent';
}
