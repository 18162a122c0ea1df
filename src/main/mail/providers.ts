/**
 * Arnika's own table of mail providers: SMTP server, username form, whether the account password
 * works, and the guidance shown while setting up. Checked against the researched facts in
 * shared/data/smtp-providers.reference.json by tests/unit/mail-providers.test.ts; ids are the
 * reference's ids so that check can pair them up.
 */
import type { MailProviderInfo, MailSecurity, SmtpSettings } from '../../shared/contract/mail.js';
import type { MessageKey } from '../../shared/i18n/index.js';

export interface SmtpServer {
  host: string;
  port: number;
  security: MailSecurity;
}

export interface MailProviderEntry {
  id: string;
  name: string;
  /** Address domains that belong to the provider. */
  domains: readonly string[];
  /** MX host suffixes that show a domain is hosted there (a practice's own domain at Microsoft 365, Infomaniak...). */
  mxMatch: readonly string[];
  smtp: SmtpServer;
  alternatives: readonly SmtpServer[];
  username: MailProviderInfo['username'];
  needsAppPassword: MailProviderInfo['needsAppPassword'];
  /** false: no password login at all (then needsAppPassword says nothing). */
  passwordLogin: boolean;
  guidanceKey: MessageKey;
  helpUrl: string | null;
}

const tls = (host: string, port = 465): SmtpServer => ({ host, port, security: 'tls' });
const starttls = (host: string, port = 587): SmtpServer => ({ host, port, security: 'starttls' });

export const mailProviders: readonly MailProviderEntry[] = [
  {
    id: 'gmail', name: 'Gmail / Google Workspace',
    domains: ['gmail.com', 'googlemail.com'], mxMatch: ['google.com', 'googlemail.com'],
    smtp: tls('smtp.gmail.com'), alternatives: [starttls('smtp.gmail.com')],
    username: 'email', needsAppPassword: 'yes', passwordLogin: true,
    guidanceKey: 'mail.guide.gmail', helpUrl: 'https://myaccount.google.com/apppasswords',
  },
  {
    id: 'icloud', name: 'iCloud Mail',
    // iCloud+ custom domains receive at mx01/mx02.mail.icloud.com.
    domains: ['icloud.com', 'me.com', 'mac.com'], mxMatch: ['mail.icloud.com'],
    smtp: starttls('smtp.mail.me.com'), alternatives: [],
    username: 'email', needsAppPassword: 'yes', passwordLogin: true,
    guidanceKey: 'mail.guide.icloud', helpUrl: 'https://account.apple.com',
  },
  {
    id: 'yahoo', name: 'Yahoo Mail',
    domains: ['yahoo.com', 'yahoo.de', 'yahoo.fr', 'yahoo.it', 'yahoo.co.uk', 'ymail.com', 'rocketmail.com'],
    mxMatch: ['yahoodns.net'],
    smtp: tls('smtp.mail.yahoo.com'), alternatives: [],
    username: 'email', needsAppPassword: 'yes', passwordLogin: true,
    guidanceKey: 'mail.guide.yahoo', helpUrl: 'https://login.yahoo.com/account/security',
  },
  {
    id: 'outlook-consumer', name: 'Outlook.com / Hotmail',
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'outlook.de', 'hotmail.de', 'live.de', 'hotmail.ch', 'outlook.at'],
    mxMatch: ['olc.protection.outlook.com'],
    smtp: starttls('smtp-mail.outlook.com'), alternatives: [starttls('smtp.office365.com')],
    // Basic authentication (password and app password) was switched off on 2024-09-16; only OAuth2 remains.
    username: 'email', needsAppPassword: 'no', passwordLogin: false,
    guidanceKey: 'mail.guide.outlook-consumer',
    helpUrl: 'https://techcommunity.microsoft.com/t5/outlook-blog/keeping-our-outlook-personal-email-users-safe-reinforcing-our/ba-p/4164184',
  },
  {
    id: 'microsoft365', name: 'Microsoft 365 / Exchange Online',
    domains: ['onmicrosoft.com'], mxMatch: ['mail.protection.outlook.com'],
    smtp: starttls('smtp.office365.com'), alternatives: [],
    // Password login works while the tenant allows SMTP AUTH (announced to change from end of 2026).
    username: 'email', needsAppPassword: 'no', passwordLogin: true,
    guidanceKey: 'mail.guide.microsoft365',
    helpUrl: 'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission',
  },
  {
    id: 'gmx', name: 'GMX',
    domains: ['gmx.ch', 'gmx.de', 'gmx.net', 'gmx.at', 'gmx.eu', 'gmx.org', 'gmx.info', 'gmx.biz', 'mein.gmx', 'mail.gmx', 'email.gmx'],
    mxMatch: [],
    smtp: tls('mail.gmx.net'), alternatives: [starttls('mail.gmx.net')],
    username: 'email', needsAppPassword: 'if_2fa', passwordLogin: true,
    guidanceKey: 'mail.guide.gmx', helpUrl: 'https://hilfe.gmx.net/pop-imap/einschalten.html',
  },
  {
    id: 'webde', name: 'WEB.DE',
    domains: ['web.de'], mxMatch: [],
    smtp: tls('smtp.web.de'), alternatives: [starttls('smtp.web.de')],
    username: 'local_part', needsAppPassword: 'if_2fa', passwordLogin: true,
    guidanceKey: 'mail.guide.webde', helpUrl: 'https://hilfe.web.de/pop-imap/einschalten.html',
  },
  {
    id: 't-online', name: 'Telekom (t-online.de)',
    domains: ['t-online.de', 'magenta.de'], mxMatch: [],
    smtp: tls('securesmtp.t-online.de'), alternatives: [starttls('securesmtp.t-online.de')],
    // Mail programs need the separate "E-Mail-Passwort"; the Telekom login password is refused.
    username: 'email', needsAppPassword: 'yes', passwordLogin: true,
    guidanceKey: 'mail.guide.t-online', helpUrl: 'https://www.telekom.de/hilfe/apps-dienste/e-mail/programme/passwort-verwalten',
  },
  {
    id: 'posteo', name: 'Posteo',
    domains: ['posteo.de', 'posteo.ch', 'posteo.at', 'posteo.net', 'posteo.eu', 'posteo.org'], mxMatch: [],
    smtp: tls('posteo.de'), alternatives: [starttls('posteo.de')],
    username: 'email', needsAppPassword: 'if_2fa', passwordLogin: true,
    guidanceKey: 'mail.guide.posteo', helpUrl: 'https://posteo.de/hilfe/anwendungs-passwoerter',
  },
  {
    id: 'mailboxorg', name: 'mailbox.org',
    domains: ['mailbox.org'], mxMatch: ['mailbox.org'],
    smtp: tls('smtp.mailbox.org'), alternatives: [starttls('smtp.mailbox.org')],
    username: 'email', needsAppPassword: 'if_2fa', passwordLogin: true,
    guidanceKey: 'mail.guide.mailboxorg', helpUrl: 'https://kb.mailbox.org/en/private/e-mail/e-mail-configuration',
  },
  {
    id: 'bluewin', name: 'Swisscom Bluewin',
    domains: ['bluewin.ch', 'bluemail.ch'], mxMatch: [],
    smtp: tls('smtpauths.bluewin.ch'), alternatives: [],
    username: 'email', needsAppPassword: 'unknown', passwordLogin: true,
    guidanceKey: 'mail.guide.bluewin',
    helpUrl: 'https://www.swisscom.ch/content/swisscom/en/res/hilfe/loesung/alle-server-einstellungen-fuer-mail-auf-dem-pc.html',
  },
  {
    id: 'hin', name: 'HIN',
    domains: ['hin.ch'], mxMatch: [],
    smtp: starttls('smtp.mail.hin.ch'), alternatives: [],
    // Username is the HIN login (e.g. "cmuster"), the password a Mail Token made at apps.hin.ch.
    username: 'other', needsAppPassword: 'yes', passwordLogin: true,
    guidanceKey: 'mail.guide.hin', helpUrl: 'https://support.hin.ch/de/hin-mail-mobile/anleitung-mail-token-service',
  },
  {
    id: 'infomaniak', name: 'Infomaniak',
    domains: ['ik.me', 'ikmail.com', 'etik.com'], mxMatch: ['infomaniak.ch'],
    smtp: tls('mail.infomaniak.com'), alternatives: [starttls('mail.infomaniak.com')],
    username: 'email', needsAppPassword: 'unknown', passwordLogin: true,
    guidanceKey: 'mail.guide.infomaniak', helpUrl: 'https://infomaniak.com/en/support/faq/admin2/email-service?i=2',
  },
  {
    id: 'hostpoint', name: 'Hostpoint',
    // Low confidence (community configurations only); found through the domain's MX.
    domains: [], mxMatch: ['hostpoint.ch'],
    smtp: tls('asmtp.mail.hostpoint.ch'), alternatives: [starttls('asmtp.mail.hostpoint.ch')],
    username: 'email', needsAppPassword: 'no', passwordLogin: true,
    guidanceKey: 'mail.guide.hostpoint', helpUrl: 'https://support.hostpoint.ch',
  },
  {
    id: 'sunrise', name: 'Sunrise',
    // Low confidence: sources disagree between smtp2.sunrise.ch:465 and smtp.sunrise.ch:587.
    domains: ['sunrise.ch'], mxMatch: [],
    smtp: tls('smtp2.sunrise.ch'), alternatives: [starttls('smtp.sunrise.ch')],
    username: 'email', needsAppPassword: 'unknown', passwordLogin: true,
    guidanceKey: 'mail.guide.sunrise', helpUrl: null,
  },
  {
    id: 'ionos-1und1', name: 'IONOS (1&1)',
    // mx00/mx01.ionos.de are the current IONOS MX hosts next to the older kundenserver.de ones.
    domains: ['ionos.de', 'online.de', 'onlinehome.de'], mxMatch: ['kundenserver.de', 'schlund.de', 'ionos.de'],
    smtp: tls('smtp.ionos.de'), alternatives: [starttls('smtp.ionos.de'), tls('smtp.1und1.de')],
    username: 'email', needsAppPassword: 'no', passwordLogin: true,
    guidanceKey: 'mail.guide.ionos-1und1',
    helpUrl: 'https://www.ionos.de/hilfe/e-mail/allgemeine-themen/serverinformationen-fuer-imap-pop3-und-smtp/',
  },
  {
    id: 'freenet', name: 'freenet Mail',
    domains: ['freenet.de', 'fn.de', 'freenetmail.de'], mxMatch: [],
    smtp: starttls('mx.freenet.de'), alternatives: [tls('mx.freenet.de')],
    username: 'email', needsAppPassword: 'no', passwordLogin: true,
    guidanceKey: 'mail.guide.freenet', helpUrl: 'https://kundenservice.freenet.de/artikel/1685',
  },
  {
    id: 'proton', name: 'Proton Mail (Bridge)',
    // Normal accounts send only through Proton Mail Bridge on this computer, with a Bridge password.
    domains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'], mxMatch: ['protonmail.ch'],
    smtp: starttls('127.0.0.1', 1025), alternatives: [starttls('smtp.protonmail.ch')],
    username: 'email', needsAppPassword: 'yes', passwordLogin: true,
    guidanceKey: 'mail.guide.proton', helpUrl: 'https://proton.me/support/smtp-submission',
  },
  {
    id: 'strato', name: 'STRATO',
    // smtpin.rzone.de receives for domains hosted at STRATO.
    domains: [], mxMatch: ['rzone.de'],
    smtp: tls('smtp.strato.de'), alternatives: [starttls('smtp.strato.de')],
    username: 'email', needsAppPassword: 'no', passwordLogin: true,
    guidanceKey: 'mail.guide.strato', helpUrl: null,
  },
];

function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

/** Whether `host` is `suffix` or lies under it (label-wise: "xgoogle.com" is not under "google.com"). */
export function isUnder(host: string, suffix: string): boolean {
  const h = normalizeDomain(host);
  return h === suffix || h.endsWith(`.${suffix}`);
}

export function providerById(id: string): MailProviderEntry | undefined {
  return mailProviders.find((p) => p.id === id);
}

export function providerByDomain(domain: string): MailProviderEntry | undefined {
  const d = normalizeDomain(domain);
  return mailProviders.find((p) => p.domains.includes(d));
}

/** The provider whose MX suffix matches the most preferred exchange that matches any. */
export function providerByMx(exchanges: readonly string[]): MailProviderEntry | undefined {
  for (const exchange of exchanges) {
    // The longest suffix wins, so *.olc.protection.outlook.com is never taken for Microsoft 365.
    let best: { provider: MailProviderEntry; length: number } | undefined;
    for (const provider of mailProviders) {
      for (const suffix of provider.mxMatch) {
        if (isUnder(exchange, suffix) && (!best || suffix.length > best.length)) best = { provider, length: suffix.length };
      }
    }
    if (best) return best.provider;
  }
  return undefined;
}

/** The provider that runs this SMTP host, if it is in the table (used to explain a refused login). */
export function providerBySmtpHost(host: string): MailProviderEntry | undefined {
  const h = normalizeDomain(host);
  if (h === '127.0.0.1' || h === 'localhost') return undefined; // a local server is not necessarily Proton Bridge
  // Primary hosts first: smtp.office365.com is Microsoft 365's, even though Outlook.com lists it too.
  return mailProviders.find((p) => p.smtp.host === h) ?? mailProviders.find((p) => p.alternatives.some((a) => a.host === h));
}

export function usernameFor(form: MailProviderEntry['username'], email: string): string {
  switch (form) {
    case 'email':
      return email;
    case 'local_part':
      return email.slice(0, email.lastIndexOf('@'));
    case 'other':
      return '';
  }
}

export function settingsFor(provider: MailProviderEntry, email: string): { settings: SmtpSettings; alternatives: SmtpSettings[] } {
  const username = usernameFor(provider.username, email);
  return {
    settings: { ...provider.smtp, username },
    alternatives: provider.alternatives.map((a) => ({ ...a, username })),
  };
}

export function providerInfo(p: MailProviderEntry): MailProviderInfo {
  return {
    id: p.id,
    name: p.name,
    guidanceKey: p.guidanceKey,
    helpUrl: p.helpUrl,
    needsAppPassword: p.needsAppPassword,
    passwordLogin: p.passwordLogin,
    username: p.username,
  };
}
