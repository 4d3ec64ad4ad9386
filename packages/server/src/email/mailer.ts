/**
 * Sending email through SMTP with nodemailer (the well-kept Node SMTP client:
 * pooling, STARTTLS and smtps, auth from the URL). One transport per node.
 */
import nodemailer from 'nodemailer';
import type { EmailContent } from './reply-email.js';

export interface Mailer {
  send(to: { name: string; address: string }, content: EmailContent): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(to, content) {
      await transport.sendMail({ from, to: { name: to.name, address: to.address }, subject: content.subject, text: content.text, html: content.html });
    },
    close: () => transport.close(),
  };
}
