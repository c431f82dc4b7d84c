/**
 * Outgoing mail (docs/architecture.md §5, "Accounts"): through SMTP_URL with nodemailer, or, with
 * no SMTP configured (the embedded default), printed to the log at info level so that whoever runs
 * the server can still follow a reset link.
 */
import type { Transporter } from 'nodemailer';
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
  /** Made at the first mail: nodemailer is loaded then, not at startup (a server mostly sends none). */
  private transport: Promise<Transporter> | undefined;
  private readonly log: Logger;

  constructor(private readonly config: Pick<Config, 'mail' | 'publicUrl' | 'port'>, logger: Logger) {
    this.log = forCategory(logger, 'auth');
  }

  /** A link to a page of the PWA; the secret goes in the fragment, which no server or proxy logs. */
  link(page: string, token: string): string {
    // A mail is written outside any request: with no PUBLIC_URL, the address `npm start` prints.
    return `${this.config.publicUrl ?? `http://localhost:${this.config.port}`}${page}#token=${token}`;
  }

  async send(mail: Mail): Promise<void> {
    const { subject, body } = mailText(mail.kind, mail.locale, mail);
    const { smtpUrl } = this.config.mail;
    if (!smtpUrl) {
      this.log.info({ to: mail.to, subject, link: mail.link }, `mail (no SMTP_URL set):\n${body}`);
      return;
    }
    this.transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl));
    await (await this.transport).sendMail({ from: this.config.mail.from, to: mail.to, subject, text: body });
  }

  close(): void {
    void this.transport?.then((transport) => transport.close(), () => undefined);
  }
}
