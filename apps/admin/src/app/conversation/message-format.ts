import type { ChatMessage } from '@parley/client';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const stampFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

export interface FormattedTime {
  /** "14:05" */
  time: string;
  /** Full date and time for a tooltip. */
  stamp: string;
  /** A key for the local calendar day. */
  day: string;
}

/**
 * Formats message times once per timestamp: the list is rebuilt on every read-cursor or
 * delivery change, and Intl formatting is the costly part of a row.
 */
export class MessageFormat {
  private readonly cache = new Map<string, FormattedTime>();

  of(createdAt: string): FormattedTime {
    let formatted = this.cache.get(createdAt);
    if (!formatted) {
      const date = new Date(createdAt);
      formatted = { time: timeFormat.format(date), stamp: stampFormat.format(date), day: date.toDateString() };
      this.cache.set(createdAt, formatted);
    }
    return formatted;
  }
}

/** "Today", "Yesterday", or the date, for a day separator. */
export function dayLabel(createdAt: string, now: Date = new Date()): string {
  const date = new Date(createdAt);
  if (date.toDateString() === now.toDateString()) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return dayFormat.format(date);
}

/** What the live region says for a message arriving from someone else. */
export function describeArrival(message: ChatMessage): string {
  const kind = message.internal ? 'Internal note' : 'New message';
  const files = message.attachments.length > 0 ? ` (${message.attachments.length} attachment${message.attachments.length === 1 ? '' : 's'})` : '';
  return `${kind} from ${message.author.name}: ${message.body}${files}`;
}
