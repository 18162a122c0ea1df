/**
 * Finds SMTP settings for an email address: 1) the domain in Arnika's provider table (no network),
 * 2) the domain's own autoconfig document (Thunderbird's format), 3) its MX records mapped onto the
 * table (a practice domain hosted at Microsoft 365 or Infomaniak). The lookups are optional and
 * bounded (short per-step timeouts, one overall deadline); fetch and the DNS resolver are injected so
 * tests run without a network. The address itself is never sent anywhere (no ?emailaddress=, no ISPDB).
 */
import { Resolver } from 'node:dns/promises';
import type { MailDetection, SmtpSettings } from '../../shared/contract/mail.js';
import { providerByDomain, providerByMx, providerBySmtpHost, providerInfo, settingsFor } from './providers.js';

export interface MxResolver {
  resolveMx(hostname: string): Promise<{ exchange: string; priority: number }[]>;
  cancel?(): void;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface DetectOptions {
  /** null: no MX lookup. Default: a resolver with a short timeout. */
  resolver?: MxResolver | null;
  /** null: no autoconfig lookup. Default: global fetch. */
  fetch?: FetchLike | null;
  /** Where to look for autoconfig documents; tests point this at a server on 127.0.0.1. */
  autoconfigUrls?: (domain: string) => string[];
  /** Per lookup (each autoconfig URL, the MX query). */
  stepTimeoutMs?: number;
  /** For all lookups together. */
  totalTimeoutMs?: number;
}

export const defaultAutoconfigUrls = (domain: string): string[] => [
  `https://autoconfig.${domain}/mail/config-v1.1.xml`,
  `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`,
];

export function defaultMxResolver(timeoutMs = 3000): MxResolver {
  return new Resolver({ timeout: timeoutMs, tries: 1 });
}

const hostPattern = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
const maxDocumentBytes = 100_000;

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).trim().toLowerCase().replace(/\.$/, '');
}

export async function detectMailSettings(email: string, options: DetectOptions = {}): Promise<MailDetection> {
  const domain = domainOf(email);
  const known = providerByDomain(domain);
  if (known) return { source: 'table', provider: providerInfo(known), ...settingsFor(known, email) };
  // A domain that is not a plain host name never goes into a URL or a DNS query.
  if (!hostPattern.test(domain)) return nothing();

  const stepTimeout = options.stepTimeoutMs ?? 3000;
  const deadline = Date.now() + (options.totalTimeoutMs ?? 7000);
  const remaining = () => Math.max(0, Math.min(stepTimeout, deadline - Date.now()));

  // The MX query runs while the autoconfig documents are fetched; autoconfig wins if both answer.
  const resolver = options.resolver === undefined ? defaultMxResolver(stepTimeout) : options.resolver;
  const mx = resolver ? withTimeout(resolver.resolveMx(domain), remaining(), () => resolver.cancel?.()) : Promise.resolve(null);
  mx.catch(() => {});

  const fetchFn = options.fetch === undefined ? globalThis.fetch : options.fetch;
  if (fetchFn) {
    for (const url of (options.autoconfigUrls ?? defaultAutoconfigUrls)(domain)) {
      const ms = remaining();
      if (ms === 0) break;
      const xml = await fetchDocument(fetchFn, url, ms);
      const servers = xml === null ? [] : parseAutoconfig(xml, email);
      if (servers.length > 0) {
        const provider = providerBySmtpHost(servers[0]!.host);
        return { source: 'autoconfig', provider: provider ? providerInfo(provider) : null, settings: servers[0]!, alternatives: servers.slice(1) };
      }
    }
  }

  const records = await mx.catch(() => null);
  if (records && records.length > 0) {
    const exchanges = [...records].sort((a, b) => a.priority - b.priority).map((r) => r.exchange);
    const provider = providerByMx(exchanges);
    if (provider) return { source: 'mx', provider: providerInfo(provider), ...settingsFor(provider, email) };
  }
  return nothing();
}

function nothing(): MailDetection {
  return { source: 'none', provider: null, settings: null, alternatives: [] };
}

async function fetchDocument(fetchFn: FetchLike, url: string, timeoutMs: number): Promise<string | null> {
  try {
    const res = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow', headers: { accept: 'application/xml, text/xml' } });
    // A redirect may change the host (example.ch -> www.example.ch) but never drop HTTPS.
    if (!res.ok || (res.url && new URL(res.url).protocol !== new URL(url).protocol)) return null;
    const text = await res.text();
    return text.length > maxDocumentBytes ? null : text;
  } catch {
    return null; // unreachable, timed out, refused: the next source is tried
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      resolve(null);
    }, ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

function decodeXml(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

function tag(block: string, name: string): string {
  const m = new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`, 'i').exec(block);
  return m ? decodeXml(m[1]!) : '';
}

/**
 * The SMTP servers of a config-v1.1 document in its order of preference, with %EMAILADDRESS%,
 * %EMAILLOCALPART% and %EMAILDOMAIN% filled in. Servers without encryption ("plain") are left out:
 * Arnika never sends a password in clear.
 */
export function parseAutoconfig(xml: string, email: string): SmtpSettings[] {
  const at = email.lastIndexOf('@');
  const fill = (s: string) =>
    s.replace(/%EMAILADDRESS%/g, email).replace(/%EMAILLOCALPART%/g, email.slice(0, at)).replace(/%EMAILDOMAIN%/g, email.slice(at + 1));
  const out: SmtpSettings[] = [];
  for (const m of xml.matchAll(/<outgoingServer\b([^>]*)>([\s\S]*?)<\/outgoingServer>/gi)) {
    if (!/\btype\s*=\s*["']smtp["']/i.test(m[1]!)) continue;
    const block = m[2]!;
    const host = fill(tag(block, 'hostname')).toLowerCase().replace(/\.$/, '');
    const port = Number(tag(block, 'port'));
    const socketType = tag(block, 'socketType').toUpperCase();
    const security = socketType === 'SSL' ? 'tls' : socketType === 'STARTTLS' ? 'starttls' : null;
    if (!security || !hostPattern.test(host) || !Number.isInteger(port) || port < 1 || port > 65535) continue;
    const username = fill(tag(block, 'username'));
    out.push({ host, port, security, username: username.includes('%') ? '' : username });
  }
  return out;
}
