/**
 * The email a customer gets about replies they have not read: who replied,
 * what they wrote (every unread reply, oldest first), and a link back into the
 * conversation. Plain text and HTML with the same content; everything that
 * came from users is escaped in the HTML.
 */
import type { Message } from '@parley/protocol';
import { escapeHtml as escape } from './escape-html.js';

export interface ReplyEmailInput {
  customerName: string;
  subject: string;
  replies: readonly Message[];
  /** The conversation in the customer app. */
  link: string;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export function replyEmail(input: ReplyEmailInput): EmailContent {
  const authors = [...new Set(input.replies.map((m) => m.author.name))];
  const who = authors.length === 1 ? authors[0]! : `${authors.slice(0, -1).join(', ')} and ${authors.at(-1)!}`;
  const count = input.replies.length === 1 ? 'a reply' : `${input.replies.length} replies`;
  const subject = `${who} replied: ${input.subject}`;
  const text = [
    `Hi ${input.customerName},`,
    '',
    `You have ${count} to “${input.subject}”:`,
    '',
    ...input.replies.flatMap((m) => [`${m.author.name}:`, ...m.body.split('\n').map((line) => `> ${line}`), ...attachmentLines(m), '']),
    `Answer in the conversation: ${input.link}`,
    '',
    'You get this email because you left your address and had not read these replies yet.',
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.4">
<p>Hi ${escape(input.customerName)},</p>
<p>You have ${count} to “${escape(input.subject)}”:</p>
${input.replies
  .map(
    (m) => `<p><strong>${escape(m.author.name)}</strong></p>
<blockquote style="margin: 0 0 1em; padding-left: 0.75em; border-left: 3px solid #ccc; white-space: pre-wrap">${escape(m.body)}${
      m.attachments.length ? `<br><em>${escape(attachmentLines(m).join(', '))}</em>` : ''
    }</blockquote>`,
  )
  .join('\n')}
<p><a href="${escape(input.link)}">Answer in the conversation</a></p>
<p style="color: #666; font-size: 0.9em">You get this email because you left your address and had not read these replies yet.</p>
</body></html>`;
  return { subject, text, html };
}

function attachmentLines(m: Message): string[] {
  return m.attachments.map((a) => `[attached: ${a.name}]`);
}
