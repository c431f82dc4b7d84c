/**
 * Outgoing mail (docs/architecture.md §5, "Accounts"): through SMTP_URL with nodemailer; with no
 * SMTP on the embedded default (or MAIL_TO_LOG=true), written whole to a file under DATA_DIR/mail
 * that only the server's user reads, and announced in the log without its link's token; otherwise
 * not at all, and whatever needs a mail answers `mail_unavailable`.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import { forCategory, type Config, type Logger } from '@volley/core';
import { apiError } from '../errors.js';
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

  constructor(private readonly config: Pick<Config, 'mail' | 'publicUrl' | 'port' | 'dataDir'>, logger: Logger) {
    this.log = forCategory(logger, 'auth');
    if (config.mail.delivery === 'off') {
      this.log.warn('mail is off (no SMTP_URL): password resets and email changes are refused with mail_unavailable; set SMTP_URL, or MAIL_TO_LOG=true');
    }
  }

  /** Throws `mail_unavailable` when no mail can go out: called before anything is promised to the user. */
  requireDelivery(): void {
    if (this.config.mail.delivery === 'off') throw apiError('mail_unavailable');
  }

  /** A link to a page of the PWA; the secret goes in the fragment, which no server or proxy logs. */
  link(page: string, token: string): string {
    // A mail is written outside any request: with no PUBLIC_URL, the address `npm start` prints.
    return `${this.config.publicUrl ?? `http://localhost:${this.config.port}`}${page}#token=${token}`;
  }

  async send(mail: Mail): Promise<void> {
    this.requireDelivery();
    const { subject, body } = mailText(mail.kind, mail.locale, mail);
    const { smtpUrl, from } = this.config.mail;
    if (!smtpUrl) {
      const dir = join(this.config.dataDir, 'mail');
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.txt`);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(file, `From: ${from}\nTo: ${mail.to}\nSubject: ${subject}\n\n${body}\n`, { mode: 0o600 });
      // The logger takes the token out of the link; the file keeps it for whoever runs the server.
      this.log.info({ to: mail.to, subject, link: mail.link, file }, `mail (no SMTP_URL set), written to ${file}:\n${body}`);
      return;
    }
    this.transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl));
    await (await this.transport).sendMail({ from, to: mail.to, subject, text: body });
  }

  close(): void {
    void this.transport?.then((transport) => transport.close(), () => undefined);
  }
}
