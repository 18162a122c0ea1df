/**
 * Fixtures for the specs that need a real SMTP server: the run's test CA (made in globalSetup.ts),
 * the app started with NODE_EXTRA_CA_CERTS (the only way it trusts that CA), and SMTP servers
 * closed after each test.
 */
import { startBrowserApp, type BrowserApp } from '../helpers/browserApp.js';
import { startSmtpServer, type SmtpServerOptions, type TestSmtpServer } from '../helpers/smtpServer.js';
import type { TestCa } from '../helpers/testCa.js';
import { expect, test as base } from './fixtures.js';

export const test = base.extend<{ app: BrowserApp; smtp: (options: SmtpServerOptions) => Promise<TestSmtpServer> }, { testCa: TestCa }>({
  // The run's test CA (globalSetup.ts). ARNIKA_TEST_TLS_DIR tells smtpServer.ts where the server's
  // certificate is; the app trusts the CA only because its process starts with NODE_EXTRA_CA_CERTS.
  testCa: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = process.env.ARNIKA_TEST_TLS_DIR;
      const bundle = process.env.NODE_EXTRA_CA_CERTS;
      if (!dir || !bundle) throw new Error('the test CA is missing: playwright.config.ts must name tests/e2e/globalSetup.ts');
      await use({ dir, bundle, remove() {} });
    },
    { scope: 'worker' },
  ],
  app: async ({ testCa }, use, testInfo) => {
    const app = await startBrowserApp({ env: { NODE_EXTRA_CA_CERTS: testCa.bundle } });
    await use(app);
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('arnika.log', { body: app.log(), contentType: 'text/plain' });
    await app.dispose();
  },
  smtp: async ({ testCa }, use) => {
    expect(testCa.dir).toBeTruthy();
    const servers: TestSmtpServer[] = [];
    await use(async (options) => {
      const server = await startSmtpServer(options);
      servers.push(server);
      return server;
    });
    for (const s of servers) await s.close();
  },
});
