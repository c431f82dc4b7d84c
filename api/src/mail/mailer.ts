/**
 * Outgoing mail (docs/architecture.md §5, "Accounts"): through SMTP_URL with nodemailer, or, with
 * no SMTP configured (the embedded default), printed to the log at info level so that whoever runs
 * the server can still follow a reset link.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { forCategory, type Config, type Logger } from '@volley/core';
import { mailText, type MailKind } from './mail-texts.js';

export interface Mail {
  to: string;
  kind: MailKind;
  locale: string | null;
  link: string;
  /** Named in the text of an email change. */
  email?: string;
}

export class Mailer {
  private readonly transport: Transporter | undefined;
  private readonly log: Logger;

  constructor(private readonly config: Pick<Config, 'mail' | 'publicUrl' | 'port'>, logger: Logger) {
    this.transport = config.mail.smtpUrl ? nodemailer.createTransport(config.mail.smtpUrl) : undefined;
    this.log = forCategory(logger, 'auth');
  }

  /** A link to a page of the PWA; the secret goes in the fragment, which no server or proxy logs. */
  link(page: string, token: string): string {
    // A mail is written outside any request: with no PUBLIC_URL, the address `npm start` prints.
    return `${this.config.publicUrl ?? `http://localhost:${this.config.port}`}${page}#token=${token}`;
  }

  async send(mail: Mail): Promise<void> {
    const { subject, body } = mailText(mail.kind, mail.locale, mail);
    if (!this.transport) {
      this.log.info({ to: mail.to, subject, link: mail.link }, `mail (no SMTP_URL set):\n${body}`);
      return;
    }
    await this.transport.sendMail({ from: this.config.mail.from, to: mail.to, subject, text: body });
  }

  close(): void {
    this.transport?.close();
  }
}
