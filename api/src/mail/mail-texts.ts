/** Every mail the server sends, in each language; `{link}` and `{email}` are filled in. */
export type MailKind = 'password_reset' | 'email_change';
export type MailLocale = 'en' | 'fr';

type Text = { subject: string; body: string };

const TEXTS: Record<MailLocale, Record<MailKind, Text>> = {
  en: {
    password_reset: {
      subject: 'Reset your Volley password',
      body: 'Someone asked to reset the password of your Volley account.\n\nTo choose a new password, open this link within 30 minutes:\n{link}\n\nEvery device signed in to your account will be signed out. If you did not ask for this, ignore this mail: your password stays as it is.',
    },
    email_change: {
      subject: 'Confirm your new Volley email address',
      body: 'To use {email} for your Volley account, open this link within 30 minutes:\n{link}\n\nIf you did not ask for this, ignore this mail.',
    },
  },
  fr: {
    password_reset: {
      subject: 'Réinitialiser votre mot de passe Volley',
      body: "Quelqu'un a demandé à réinitialiser le mot de passe de votre compte Volley.\n\nPour choisir un nouveau mot de passe, ouvrez ce lien dans les 30 minutes :\n{link}\n\nTous les appareils connectés à votre compte seront déconnectés. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.",
    },
    email_change: {
      subject: 'Confirmez votre nouvelle adresse Volley',
      body: "Pour utiliser {email} avec votre compte Volley, ouvrez ce lien dans les 30 minutes :\n{link}\n\nSi vous n'avez rien demandé, ignorez ce message.",
    },
  },
};

/** The subject and text of a mail in the user's locale (English when unknown). */
export function mailText(kind: MailKind, locale: string | null, values: { link: string; email?: string }): Text {
  const text = TEXTS[locale === 'fr' ? 'fr' : 'en'][kind];
  const fill = (s: string) => s.replace('{link}', values.link).replace('{email}', values.email ?? '');
  return { subject: fill(text.subject), body: fill(text.body) };
}
