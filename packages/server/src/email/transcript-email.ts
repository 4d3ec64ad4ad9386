/**
 * The conversation by email, sent when a query the customer asked a
 * transcript for is resolved: every public message in order (never agents'
 * internal notes), with who wrote it and when, and a link back. Plain text and
 * HTML with the same content; what users wrote is escaped in the HTML.
 */
import type { Message } from '@parley/protocol';
import { escapeHtml } from './escape-html.js';
import type { EmailContent } from './reply-email.js';

export interface TranscriptEmailInput {
  customerName: string;
  subject: string;
  messages: readonly Message[];
  link: string;
}

export function transcriptEmail(input: TranscriptEmailInput): EmailContent {
  const line = (m: Message) => `${m.author.name}, ${m.createdAt.slice(0, 16).replace('T', ' ')} UTC`;
  const text = [
    `Hi ${input.customerName},`,
    '',
    `Your question “${input.subject}” is resolved. Here is the conversation, as you asked:`,
    '',
    ...input.messages.flatMap((m) => [`${line(m)}:`, ...m.body.split('\n').map((l) => `> ${l}`), ...m.attachments.map((a) => `[attached: ${a.name}]`), '']),
    `To write again, open the conversation: ${input.link}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.4">
<p>Hi ${escapeHtml(input.customerName)},</p>
<p>Your question “${escapeHtml(input.subject)}” is resolved. Here is the conversation, as you asked:</p>
${input.messages
  .map(
    (m) => `<p style="margin-bottom: 0"><strong>${escapeHtml(m.author.name)}</strong> <span style="color: #666">${escapeHtml(line(m).split(', ')[1]!)}</span></p>
<blockquote style="margin: 0 0 1em; padding-left: 0.75em; border-left: 3px solid #ccc; white-space: pre-wrap">${escapeHtml(m.body)}${
      m.attachments.length ? `<br><em>${escapeHtml(m.attachments.map((a) => `[attached: ${a.name}]`).join(', '))}</em>` : ''
    }</blockquote>`,
  )
  .join('\n')}
<p><a href="${escapeHtml(input.link)}">Open the conversation</a></p>
</body></html>`;
  return { subject: `Transcript: ${input.subject}`, text, html };
}
