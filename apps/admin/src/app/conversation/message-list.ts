import {
  afterNextRender,
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  type ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { placeTimeline, type ChatMessage, type DeliveryState } from '@parley/client';
import type { TimelineEvent, UserRef } from '@parley/protocol';
import { AttachmentList } from '../attachments/attachment-list';
import { MessageBody } from './message-body';
import { describeArrival, dayLabel, MessageFormat } from './message-format';
import { timelineEventText } from './timeline-event-text';

/** Within this many pixels of an edge counts as "at" it. */
const EDGE_PX = 48;
/**
 * A scroll this soon after the agent's own wheel, touch or key is theirs. A scroll the page causes itself (the
 * list clamping while a picture is swapped in) comes with none of those, and with the list's height changed.
 */
const USER_INPUT_MS = 1000;

/** The tick beside a message: its delivery, or none (notes, others' messages). */
type Tick = DeliveryState | null;

interface Row {
  message: ChatMessage;
  time: string;
  /** Full date and time, for the tooltip. */
  stamp: string;
  /** The day's label when this message starts a new day ("Today", "Mon 3 Mar"), else null. */
  day: string | null;
  /** Delivery of my own public messages; notes and others' messages show none. */
  tick: Tick;
  /** When it was written, if well before it arrived (written offline): its time and full stamp. */
  written: { time: string; stamp: string } | null;
  /** Timeline events that happened after the previous message and up to this one, shown just before it. */
  eventsBefore: EventLine[];
}

/** A timeline event as a line between the messages. */
interface EventLine {
  id: string;
  text: string;
  time: string;
  stamp: string;
  createdAt: string;
}

/**
 * The conversation's timeline: scroll-back at the top (loads older pages when reached),
 * sticks to the bottom while the agent is there, keeps the reading position when older
 * messages are prepended, and offers an "N new messages" pill when the agent is scrolled up.
 * It tells the view what the agent has actually seen ({@link seenUpTo}, only at the bottom).
 *
 * The list itself is not a live region (a whole page of history would be read out); one
 * visually hidden polite region announces only messages arriving live from others, and
 * failures of my own.
 */
@Component({
  selector: 'pa-message-list',
  imports: [MessageBody, AttachmentList],
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
  /**
   * A message to open the list at (a search result): scrolled into view and marked, older pages loaded until it
   * is there. Null: open at the newest message.
   */
  readonly focus = input<{ seq: number; internal: boolean } | null>(null);
  /** The query's timeline events (assignments, resolutions, reopenings), oldest first, shown among the messages. */
  readonly events = input<readonly TimelineEvent[]>([]);
  readonly loadOlder = output<void>();
  readonly retry = output<string>();
  readonly discard = output<string>();
  /** The latest stored public seq the agent has on screen at the bottom of the list. */
  readonly seenUpTo = output<number>();

  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private readonly list = viewChild.required<ElementRef<HTMLElement>>('list');
  private readonly format = new MessageFormat();
  private readonly destroyRef = inject(DestroyRef);
  private stickToBottom = true;
  /** The list's scroll height when last measured (contentLoaded). */
  private lastHeight = 0;
  /** Set before asking for older messages: restore the distance from the bottom afterwards. */
  private anchor: { firstKey: string | undefined; fromBottom: number } | null = null;
  private lastKey: string | undefined;
  private knownKeys = new Set<string>();
  private failedKeys = new Set<string>();
  /**
   * Set when we move scrollTop ourselves: the scroll event that follows is not the agent
   * scrolling back, so it must not load older pages. (Browsers coalesce scroll events per
   * frame, hence a flag rather than a counter.)
   */
  private ownScroll = false;
  /** When the agent last used a wheel, a touch or a key on the list, and whether a pointer is held on it (the scrollbar). */
  private userInputAt = Number.NEGATIVE_INFINITY;
  private pointerHeld = false;

  /** The message opened at (see {@link focus}), marked until another is. */
  protected readonly focusedKey = signal<string | null>(null);
  /** The focus already scrolled to, and how many older pages were loaded looking for it. */
  private focusDone: string | null = null;
  private focusPages = 0;

  /** Messages from others that arrived while the agent was scrolled up. */
  protected readonly unseen = signal(0);
  /** Text of the polite live region. */
  protected readonly announcement = signal('');

  /** Events placed among the messages: each before the first message not older than it; the rest in {@link trailingEvents}. */
  private readonly placedEvents = computed(() => {
    const messages = this.messages();
    // While older history is not loaded, events older than the first message shown wait for it.
    const floor = this.hasOlder() ? messages[0]?.createdAt : undefined;
    const placed = placeTimeline(messages, this.events(), floor);
    const line = (e: TimelineEvent): EventLine => ({ id: e.id, text: timelineEventText(e), createdAt: e.createdAt, ...this.format.of(e.createdAt) });
    return {
      before: new Map([...placed.before].map(([key, list]) => [key, list.map(line)])),
      trailing: placed.trailing.map(line),
    };
  });
  /** Events after the last message. */
  protected readonly trailingEvents = computed(() => this.placedEvents().trailing);

  protected readonly rows = computed<Row[]>(() => {
    const readSeq = this.customerReadSeq();
    const placed = this.placedEvents().before;
    let previousDay = '';
    return this.messages().map((message) => {
      const { time, stamp, day } = this.format.of(message.createdAt);
      const startsDay = day !== previousDay;
      previousDay = day;
      const written = message.writtenAt ? this.format.of(message.writtenAt) : null;
      return {
        message, time, stamp, day: startsDay ? dayLabel(message.createdAt) : null, tick: tickFor(message, readSeq),
        written: written ? { time: written.time, stamp: written.stamp } : null,
        eventsBefore: placed.get(message.key) ?? NO_EVENTS,
      };
    });
  });

  protected readonly typingText = computed(() => {
    const names = this.typing().map((user) => user.name);
    if (names.length === 0) return '';
    return names.length === 1 ? `${names[0]} is typing…` : `${names.join(', ')} are typing…`;
  });

  constructor() {
    // Content that grows after the scroll to the bottom ran (a picture decoded, a preview laid out) pushes the
    // newest message out of view; while the agent is at the bottom, follow it (issue 11). So does the list's own
    // box shrinking (the composer growing a line of hint once the workspace settings arrive): its scrollTop stays,
    // no scroll event fires, and the newest message slides under the composer.
    afterNextRender(() => {
      if (typeof ResizeObserver === 'undefined') return;
      const observer = new ResizeObserver(() => this.contentLoaded());
      observer.observe(this.list().nativeElement);
      observer.observe(this.scroller().nativeElement);
      this.destroyRef.onDestroy(() => observer.disconnect());
    });
    // Passive: listening to the wheel must not make the browser wait for this page before it scrolls.
    afterNextRender(() => {
      const scroller = this.scroller().nativeElement;
      const note = () => this.noteUserInput();
      for (const type of ['wheel', 'touchmove'] as const) scroller.addEventListener(type, note, { passive: true });
      this.destroyRef.onDestroy(() => {
        for (const type of ['wheel', 'touchmove'] as const) scroller.removeEventListener(type, note);
      });
    });
    afterRenderEffect(() => {
      const rows = this.rows();
      this.typingText();
      const element = this.scroller().nativeElement;
      const last = rows.at(-1);
      const appended = this.appendedSinceLastRender(rows);
      if (this.anchor && rows[0]?.message.key !== this.anchor.firstKey) {
        this.scrollTo(element, element.scrollHeight - this.anchor.fromBottom);
        this.anchor = null;
      } else if (this.stickToBottom || (last && last.message.key !== this.lastKey && last.message.mine)) {
        // My own new message always scrolls into view; others' only if I was at the bottom.
        this.scrollTo(element, element.scrollHeight);
        this.stickToBottom = true;
        this.unseen.set(0);
      } else {
        const fromOthers = appended.filter((m) => !m.mine).length;
        if (fromOthers > 0) this.unseen.update((n) => n + fromOthers);
      }
      this.announce(appended, rows);
      this.lastKey = last?.message.key;
      this.openAtFocus(element, rows);
      if (this.stickToBottom) this.reportSeen();
    });
  }

  /** The agent is scrolling (wheel, touch, keys) or holding the scrollbar. */
  protected noteUserInput(): void {
    this.userInputAt = performance.now();
  }

  protected notePointer(held: boolean): void {
    this.pointerHeld = held;
    if (held) this.noteUserInput();
  }

  protected followScroll(): void {
    const element = this.scroller().nativeElement;
    const own = this.ownScroll;
    this.ownScroll = false;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < EDGE_PX;
    // A scroll nobody asked for while the list's height moved (the list clamped while a picture was swapped in)
    // is the page's doing, not the agent scrolling away: while following the bottom, go back there. Any other
    // scroll is the agent's, whatever moved it (wheel, keys, scrollbar, assistive technology).
    const input = this.pointerHeld || performance.now() - this.userInputAt < USER_INPUT_MS;
    if (!own && !input && this.stickToBottom && !atBottom && element.scrollHeight !== this.lastHeight) {
      this.lastHeight = element.scrollHeight;
      this.scrollTo(element, element.scrollHeight);
      return;
    }
    // Our own scroll to the bottom stays "at the bottom" even if content grew before its event arrived (a picture
    // decoding in between): only the agent scrolling away ends following the bottom.
    this.stickToBottom = own ? this.stickToBottom || atBottom : atBottom;
    if (this.stickToBottom) {
      this.unseen.set(0);
      this.reportSeen();
    }
    if (!own && element.scrollTop < EDGE_PX) this.requestOlder();
  }

  /**
   * A picture in the list finished loading (load events do not bubble: caught in the capture phase). It grew
   * the list after the scroll to the bottom ran, so an agent who was at the bottom is brought back there — the
   * newest message was hidden behind the composer (issue 11).
   */
  protected contentLoaded(): void {
    const element = this.scroller().nativeElement;
    // Nothing to follow while a search result is being shown (see focus).
    if (this.focusedKey() !== null && !this.stickToBottom) return;
    // At the bottom as the list was before it grew: the flag, or the position against the previous height (the
    // flag can lag behind a scroll event that raced the growth).
    const wasAtBottom = this.stickToBottom || element.scrollTop + element.clientHeight >= this.lastHeight - EDGE_PX;
    this.lastHeight = element.scrollHeight;
    if (!wasAtBottom) return;
    this.stickToBottom = true;
    this.scrollTo(element, element.scrollHeight);
  }

  /** The pill: jump to the newest message. */
  protected jumpToLatest(): void {
    const element = this.scroller().nativeElement;
    this.stickToBottom = true;
    this.scrollTo(element, element.scrollHeight);
    this.unseen.set(0);
    this.reportSeen();
  }

  /** Scrolls the focused message into view once it is in the list, loading older pages (up to 20) until it is. */
  private openAtFocus(element: HTMLElement, rows: readonly Row[]): void {
    const focus = this.focus();
    const id = focus ? `${rows[0]?.message.queryId}:${focus.internal ? 'note' : 'seq'}:${focus.seq}` : null;
    if (!focus || this.focusDone === id) return;
    const row = rows.find((r) => r.message.seq === focus.seq && r.message.internal === focus.internal);
    if (row) {
      this.focusDone = id;
      this.focusPages = 0;
      this.focusedKey.set(row.message.key);
      this.stickToBottom = false;
      const item = this.list().nativeElement.querySelector<HTMLElement>(`li.message[data-key="${CSS.escape(row.message.key)}"]`);
      if (item) {
        this.ownScroll = true;
        element.scrollTop = Math.max(0, item.offsetTop - element.clientHeight / 3);
      }
      return;
    }
    if (this.hasOlder() && !this.loadingOlder() && this.focusPages < MAX_FOCUS_PAGES && !this.anchor) {
      this.focusPages += 1;
      this.requestOlder();
    }
  }

  protected requestOlder(): void {
    if (!this.hasOlder() || this.loadingOlder()) return;
    const element = this.scroller().nativeElement;
    this.anchor = { firstKey: this.rows()[0]?.message.key, fromBottom: element.scrollHeight - element.scrollTop };
    this.loadOlder.emit();
  }

  private scrollTo(element: HTMLElement, top: number): void {
    const target = Math.max(0, Math.min(top, element.scrollHeight - element.clientHeight));
    if (Math.round(element.scrollTop) === Math.round(target)) return; // no change, no scroll event
    this.ownScroll = true;
    element.scrollTop = target;
  }

  private reportSeen(): void {
    const messages = this.messages();
    for (let i = messages.length - 1; i >= 0; i--) {
      const message = messages[i]!;
      if (message.seq !== null && !message.internal) {
        this.seenUpTo.emit(message.seq);
        return;
      }
    }
  }

  /**
   * Messages new since the last render that arrived live: not the first load, not history
   * prepended by scroll-back (those come before the first row already shown).
   */
  private appendedSinceLastRender(rows: readonly Row[]): ChatMessage[] {
    const known = this.knownKeys;
    this.knownKeys = new Set(rows.map((row) => row.message.key));
    if (known.size === 0) return [];
    const firstKnown = rows.findIndex((row) => known.has(row.message.key));
    if (firstKnown < 0) return [];
    return rows.slice(firstKnown + 1).map((row) => row.message).filter((m) => !known.has(m.key));
  }

  private announce(appended: readonly ChatMessage[], rows: readonly Row[]): void {
    const parts = appended.filter((m) => !m.mine).map(describeArrival);
    const failedNow = rows.filter((row) => row.tick === 'failed').map((row) => row.message.key);
    if (failedNow.some((key) => !this.failedKeys.has(key))) parts.push('Your message was not sent.');
    this.failedKeys = new Set(failedNow);
    if (parts.length > 0) this.announcement.set(parts.join(' '));
  }
}

const NO_EVENTS: EventLine[] = [];
/** Older pages loaded at most to find a focused message (50 messages each). */
const MAX_FOCUS_PAGES = 20;

function tickFor(message: ChatMessage, customerReadSeq: number): Tick {
  if (!message.mine) return null;
  if (message.delivery === 'pending' || message.delivery === 'failed') return message.delivery;
  if (message.internal) return null;
  if (message.delivery === 'read' || (message.seq !== null && message.seq <= customerReadSeq)) return 'read';
  return 'sent';
}
