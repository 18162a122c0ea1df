/**
 * Settings detection: the table without any network; autoconfig documents served by a real HTTP
 * server on 127.0.0.1 (fetched with the real fetch, through the injectable URL list); MX records
 * through a FAKE resolver (there is no DNS here to ask); and the time bounds with fakes that never
 * answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { detectMailSettings, parseAutoconfig, type FetchLike, type MxResolver } from '../../src/main/mail/detect.js';

/** A FAKE DNS resolver: answers MX queries from a table, records what it was asked. */
function fakeMxResolver(records: Record<string, { exchange: string; priority: number }[]>) {
  const asked: string[] = [];
  const resolver: MxResolver = {
    resolveMx: async (domain) => {
      asked.push(domain);
      const r = records[domain];
      if (!r) throw Object.assign(new Error(`queryMx ENOTFOUND ${domain}`), { code: 'ENOTFOUND' });
      return r;
    },
  };
  return { resolver, asked };
}

const xml = (servers: string) => `<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="praxis-hosting.example">
    <incomingServer type="imap"><hostname>imap.praxis-hosting.example</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
    ${servers}
  </emailProvider>
</clientConfig>`;

const hostingXml = xml(`
    <outgoingServer type="smtp"><hostname>plain.praxis-hosting.example</hostname><port>25</port><socketType>plain</socketType><username>%EMAILADDRESS%</username></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.%EMAILDOMAIN%</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.praxis-hosting.example</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></outgoingServer>`);

let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  const documents: Record<string, string> = {
    '/second/praxis-hosting.example/config-v1.1.xml': hostingXml,
    '/first/praxis-first.example/config-v1.1.xml': xml(
      '<outgoingServer type="smtp"><hostname>smtp.gmail.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username></outgoingServer>',
    ),
    '/second/praxis-first.example/config-v1.1.xml': hostingXml,
    '/first/garbage.example/config-v1.1.xml': '<html>not what you asked for</html>',
    '/second/big.example/config-v1.1.xml': `${hostingXml}<!--${'x'.repeat(200_000)}-->`,
  };
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const body = documents[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/xml' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const localUrls = (domain: string) => [`${base}/first/${domain}/config-v1.1.xml`, `${base}/second/${domain}/config-v1.1.xml`];

describe('from the table', () => {
  it('answers known domains without touching the network', async () => {
    const fetch = vi.fn<FetchLike>();
    const { resolver, asked } = fakeMxResolver({});
    const result = await detectMailSettings('Anna.Muster@GMAIL.com', { fetch, resolver });
    expect(result).toMatchObject({
      source: 'table',
      provider: { id: 'gmail', needsAppPassword: 'yes', guidanceKey: 'mail.guide.gmail' },
      settings: { host: 'smtp.gmail.com', port: 465, security: 'tls', username: 'Anna.Muster@GMAIL.com' },
      alternatives: [{ host: 'smtp.gmail.com', port: 587, security: 'starttls' }],
    });
    expect(fetch).not.toHaveBeenCalled();
    expect(asked).toEqual([]);
  });

  it('tells Outlook.com users plainly that no password login exists', async () => {
    const result = await detectMailSettings('praxis@hotmail.ch', { fetch: null, resolver: null });
    expect(result.provider).toMatchObject({ id: 'outlook-consumer', passwordLogin: false, guidanceKey: 'mail.guide.outlook-consumer' });
  });

  it('leaves the HIN username for the HIN login', async () => {
    const result = await detectMailSettings('a.muster@hin.ch', { fetch: null, resolver: null });
    expect(result.settings).toEqual({ host: 'smtp.mail.hin.ch', port: 587, security: 'starttls', username: '' });
    expect(result.provider?.username).toBe('other');
  });
});

describe('from the domain\'s autoconfig document (served on 127.0.0.1)', () => {
  it('tries the URLs in order and takes the encrypted SMTP servers in the document\'s order', async () => {
    hits.length = 0;
    const result = await detectMailSettings('anna@praxis-hosting.example', { autoconfigUrls: localUrls, resolver: null });
    expect(hits).toEqual(['/first/praxis-hosting.example/config-v1.1.xml', '/second/praxis-hosting.example/config-v1.1.xml']);
    expect(result).toEqual({
      source: 'autoconfig',
      provider: null,
      settings: { host: 'smtp.praxis-hosting.example', port: 465, security: 'tls', username: 'anna' },
      alternatives: [{ host: 'smtp.praxis-hosting.example', port: 587, security: 'starttls', username: 'anna@praxis-hosting.example' }],
    });
  });

  it('stops at the first document that has a usable server, and names a known provider', async () => {
    hits.length = 0;
    const result = await detectMailSettings('anna@praxis-first.example', { autoconfigUrls: localUrls, resolver: null });
    expect(hits).toHaveLength(1);
    expect(result).toMatchObject({ source: 'autoconfig', provider: { id: 'gmail' }, settings: { host: 'smtp.gmail.com' } });
  });

  it('wins over the MX records when both answer', async () => {
    const { resolver } = fakeMxResolver({ 'praxis-hosting.example': [{ exchange: 'x.mail.protection.outlook.com', priority: 0 }] });
    const result = await detectMailSettings('anna@praxis-hosting.example', { autoconfigUrls: localUrls, resolver });
    expect(result.source).toBe('autoconfig');
  });

  it('ignores what is not a config document, or too large to be one', async () => {
    const a = await detectMailSettings('anna@garbage.example', { autoconfigUrls: localUrls, resolver: null });
    const b = await detectMailSettings('anna@big.example', { autoconfigUrls: localUrls, resolver: null });
    expect([a.source, b.source]).toEqual(['none', 'none']);
  });

  it('goes on when a server cannot be reached', async () => {
    const fetch = vi.fn<FetchLike>(async () => {
      throw new TypeError('fetch failed');
    });
    const result = await detectMailSettings('anna@praxis-x.example', { fetch, resolver: null });
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([
      'https://autoconfig.praxis-x.example/mail/config-v1.1.xml',
      'https://praxis-x.example/.well-known/autoconfig/mail/config-v1.1.xml',
    ]);
    expect(result.source).toBe('none');
  });
});

describe('from the MX records (fake resolver)', () => {
  it.each([
    ['praxis-zh.ch', 'praxis-zh-ch.mail.protection.outlook.com', 'microsoft365', 'smtp.office365.com', 587, 'starttls'],
    ['physio-bern.ch', 'mta-gw.infomaniak.ch', 'infomaniak', 'mail.infomaniak.com', 465, 'tls'],
    ['osteo-basel.ch', 'aspmx.l.google.com', 'gmail', 'smtp.gmail.com', 465, 'tls'],
  ] as const)('%s (MX %s) is hosted at %s', async (domain, exchange, id, host, port, security) => {
    const { resolver } = fakeMxResolver({ [domain]: [{ exchange: 'backup.example.net', priority: 20 }, { exchange, priority: 10 }] });
    const result = await detectMailSettings(`info@${domain}`, { fetch: null, resolver });
    expect(result).toMatchObject({ source: 'mx', provider: { id }, settings: { host, port, security, username: `info@${domain}` } });
  });

  it('finds nothing for an unknown MX, or a domain without MX', async () => {
    const { resolver } = fakeMxResolver({ 'eigener-server.ch': [{ exchange: 'mail.eigener-server.ch', priority: 10 }] });
    expect((await detectMailSettings('a@eigener-server.ch', { fetch: null, resolver })).source).toBe('none');
    expect(await detectMailSettings('a@keine-mx.ch', { fetch: null, resolver })).toEqual({
      source: 'none', provider: null, settings: null, alternatives: [],
    });
  });

  it('never asks about something that is not a plain domain', async () => {
    const fetch = vi.fn<FetchLike>();
    const { resolver, asked } = fakeMxResolver({});
    await detectMailSettings('a@localhost', { fetch, resolver });
    expect(fetch).not.toHaveBeenCalled();
    expect(asked).toEqual([]);
  });
});

describe('time bounds', () => {
  it('gives up on lookups that never answer, within the overall limit', async () => {
    // FAKE fetch and resolver that never answer (the fetch honours its abort signal, like the real one).
    const fetch = vi.fn<FetchLike>((_url, init) => new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason))));
    const cancel = vi.fn();
    const resolver: MxResolver = { resolveMx: () => new Promise(() => {}), cancel };
    const started = Date.now();
    const result = await detectMailSettings('a@slow.example', { fetch, resolver, stepTimeoutMs: 100, totalTimeoutMs: 250 });
    const took = Date.now() - started;
    expect(result.source).toBe('none');
    expect(took).toBeGreaterThanOrEqual(150);
    expect(took).toBeLessThan(1_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(cancel).toHaveBeenCalled();
  });

  it('uses short timeouts by default: 3 s per lookup', async () => {
    const timeout = vi.spyOn(AbortSignal, 'timeout');
    try {
      const fetch = vi.fn<FetchLike>(async () => new Response('', { status: 404 }));
      await detectMailSettings('a@default.example', { fetch, resolver: null });
      expect(timeout).toHaveBeenCalledTimes(2);
      for (const [ms] of timeout.mock.calls) {
        expect(ms).toBeGreaterThan(2_900);
        expect(ms).toBeLessThanOrEqual(3_000);
      }
    } finally {
      timeout.mockRestore();
    }
  });
});

describe('parseAutoconfig', () => {
  it('reads entities and CDATA, skips incoming and plain servers and impossible ports', () => {
    const doc = xml(`
      <outgoingServer type="smtp"><hostname>bad.example</hostname><port>99999</port><socketType>SSL</socketType></outgoingServer>
      <outgoingServer type="smtp"><hostname><![CDATA[SMTP.Example.CH]]></hostname><port> 587 </port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></outgoingServer>
      <outgoingServer type="smtp"><hostname>smtp2.example.ch</hostname><port>465</port><socketType>SSL</socketType><username>user&amp;co</username></outgoingServer>
      <outgoingServer type="smtp"><hostname>smtp3.example.ch</hostname><port>465</port><socketType>SSL</socketType><username>%REALNAME%</username></outgoingServer>`);
    expect(parseAutoconfig(doc, 'anna@example.ch')).toEqual([
      { host: 'smtp.example.ch', port: 587, security: 'starttls', username: 'anna@example.ch' },
      { host: 'smtp2.example.ch', port: 465, security: 'tls', username: 'user&co' },
      { host: 'smtp3.example.ch', port: 465, security: 'tls', username: '' },
    ]);
  });

  it('refuses a host name that is not one', () => {
    const doc = xml('<outgoingServer type="smtp"><hostname>evil.example/path?x=</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>');
    expect(parseAutoconfig(doc, 'a@example.ch')).toEqual([]);
  });
});
