/**
 * Arnika's provider table against the researched facts (/work/shared/data/smtp-providers.reference.json,
 * or ARNIKA_SMTP_REFERENCE): where the reference is highly confident, host, port, socket type,
 * username form and domains must agree; where it is less sure, our host must at least be one it names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../src/shared/i18n/index.js';
import {
  mailProviders, providerByDomain, providerById, providerByMx, providerBySmtpHost, settingsFor,
} from '../../src/main/mail/providers.js';

interface ReferenceServer {
  host?: string;
  port: number;
  socketType: 'SSL' | 'STARTTLS';
}
interface ReferenceProvider extends ReferenceServer {
  id: string;
  host: string;
  domains: string[];
  mxMatch?: string[];
  alt?: ReferenceServer[];
  username: string;
  confidence: 'high' | 'medium' | 'low';
}

const referenceFile = process.env.ARNIKA_SMTP_REFERENCE ?? '/work/shared/data/smtp-providers.reference.json';
const reference: ReferenceProvider[] = existsSync(referenceFile)
  ? (JSON.parse(readFileSync(referenceFile, 'utf8')) as { providers: ReferenceProvider[] }).providers
  : [];
const security = (s: 'SSL' | 'STARTTLS') => (s === 'SSL' ? 'tls' : 'starttls');
const realDomains = (p: ReferenceProvider) => p.domains.filter((d) => !d.startsWith('<') && !d.includes('*'));

describe.skipIf(reference.length === 0)('the table agrees with the reference', () => {
  it('has an entry for every provider in the reference', () => {
    for (const r of reference) expect(providerById(r.id), r.id).toBeDefined();
  });

  it.each(reference.filter((r) => r.confidence === 'high').map((r) => [r.id, r] as const))(
    '%s (high confidence): host, port, socket type, username form, domains, MX suffixes',
    (_id, r) => {
      const ours = providerById(r.id)!;
      expect(ours.smtp).toEqual({ host: r.host, port: r.port, security: security(r.socketType) });
      for (const alt of r.alt ?? []) {
        expect(ours.alternatives, JSON.stringify(alt)).toContainEqual({ host: alt.host ?? r.host, port: alt.port, security: security(alt.socketType) });
      }
      const username = { '%EMAILADDRESS%': 'email', '%EMAILLOCALPART%': 'local_part' }[r.username] ?? 'other';
      expect(ours.username).toBe(username);
      for (const d of realDomains(r)) expect(providerByDomain(d)?.id, d).toBe(r.id);
      for (const m of r.mxMatch ?? []) expect(ours.mxMatch).toContain(m);
    },
  );

  it.each(reference.filter((r) => r.confidence !== 'high').map((r) => [r.id, r.confidence, r] as const))(
    '%s (%s confidence): our servers are among those the reference names',
    (_id, _confidence, r) => {
      const ours = providerById(r.id)!;
      const named = [r, ...(r.alt ?? [])].map((s) => `${s.host ?? r.host}:${s.port}:${security(s.socketType)}`);
      expect(named).toContain(`${ours.smtp.host}:${ours.smtp.port}:${ours.smtp.security}`);
      for (const d of realDomains(r)) expect(providerByDomain(d)?.id, d).toBe(r.id);
    },
  );
});

describe('the table itself', () => {
  it('covers the providers Swiss and German practices use', () => {
    const domains = ['gmail.com', 'icloud.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'gmx.ch', 'gmx.de', 'gmx.net', 'web.de',
      't-online.de', 'posteo.de', 'mailbox.org', 'bluewin.ch', 'hin.ch', 'ik.me', 'sunrise.ch', 'ionos.de', 'freenet.de', 'proton.me'];
    for (const d of domains) expect(providerByDomain(d), d).toBeDefined();
    for (const id of ['microsoft365', 'hostpoint', 'infomaniak']) expect(providerById(id), id).toBeDefined();
  });

  it('has unique ids and domains, and only encrypted servers', () => {
    expect(new Set(mailProviders.map((p) => p.id)).size).toBe(mailProviders.length);
    const domains = mailProviders.flatMap((p) => p.domains);
    expect(new Set(domains).size).toBe(domains.length);
    for (const p of mailProviders) for (const s of [p.smtp, ...p.alternatives]) expect(['tls', 'starttls']).toContain(s.security);
  });

  it('has guidance in all four languages and HTTPS help links', () => {
    for (const p of mailProviders) {
      for (const lang of ['de', 'fr', 'it', 'en'] as const) expect((catalogs[lang] as Record<string, string>)[p.guidanceKey], `${p.id} ${lang}`).toBeTruthy();
      if (p.helpUrl !== null) expect(p.helpUrl, p.id).toMatch(/^https:\/\//);
    }
  });

  it('says what the brief promises for the tricky ones', () => {
    expect(providerById('gmail')).toMatchObject({ needsAppPassword: 'yes', helpUrl: 'https://myaccount.google.com/apppasswords' });
    expect(catalogs.de['mail.guide.gmail']).toContain('https://myaccount.google.com/apppasswords');
    expect(providerById('icloud')?.helpUrl).toBe('https://account.apple.com');
    expect(catalogs.de['mail.guide.icloud']).toContain('App-spezifische Passwörter');
    expect(providerById('outlook-consumer')?.passwordLogin).toBe(false);
    expect(catalogs.de['mail.guide.outlook-consumer']).toContain('keine Anmeldung mit Passwort');
    expect(providerById('hin')?.username).toBe('other');
    expect(catalogs.de['mail.guide.hin']).toMatch(/HIN-Login.*Token.*HIN Client/s);
  });
});

describe('lookups', () => {
  it('finds providers by address domain, case-insensitively', () => {
    expect(providerByDomain('GMX.CH')?.id).toBe('gmx');
    expect(providerByDomain('praxis-muster.ch')).toBeUndefined();
  });

  it('maps MX hosts by label suffix, longest suffix first, in priority order', () => {
    expect(providerByMx(['praxis-ch.mail.protection.outlook.com'])?.id).toBe('microsoft365');
    expect(providerByMx(['eur.olc.protection.outlook.com.'])?.id).toBe('outlook-consumer');
    expect(providerByMx(['mta-gw.infomaniak.ch'])?.id).toBe('infomaniak');
    expect(providerByMx(['aspmx.l.google.com', 'alt1.aspmx.l.google.com'])?.id).toBe('gmail');
    expect(providerByMx(['mx.evilgoogle.com'])).toBeUndefined();
    expect(providerByMx(['mx.praxis.ch', 'mx00.kundenserver.de'])?.id).toBe('ionos-1und1');
  });

  it('recognises a provider by its SMTP host, but not a local server', () => {
    expect(providerBySmtpHost('SMTP.gmail.com')?.id).toBe('gmail');
    expect(providerBySmtpHost('smtp.office365.com')?.id).toBe('microsoft365'); // also Outlook.com's alternative
    expect(providerBySmtpHost('smtp.1und1.de')?.id).toBe('ionos-1und1');
    expect(providerBySmtpHost('127.0.0.1')).toBeUndefined();
    expect(providerBySmtpHost('localhost')).toBeUndefined();
  });

  it('fills in the username form', () => {
    expect(settingsFor(providerById('webde')!, 'anna.muster@web.de').settings.username).toBe('anna.muster');
    expect(settingsFor(providerById('gmx')!, 'anna@gmx.ch').settings).toEqual({ host: 'mail.gmx.net', port: 465, security: 'tls', username: 'anna@gmx.ch' });
    expect(settingsFor(providerById('hin')!, 'a.muster@hin.ch').settings.username).toBe('');
  });
});
