// End-to-end tests: browser mode (the built app as a real child process, one data folder per
// test) driven in Debian's Chromium. Never `playwright install`: the system browser is used.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/globalSetup.ts',
  workers: 2,
  fullyParallel: true,
  retries: 0,
  // Two cores run the app server, Chromium and the test runner at once; flows that restart the
  // app need headroom. These are budgets against hangs, not speed targets.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    // Swiss German, so that native date inputs show dd.mm.yyyy as the therapist sees them.
    locale: 'de-CH',
    timezoneId: 'Europe/Zurich',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
});
