import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Makes a test CA and trusts it the standard Node way (NODE_EXTRA_CA_CERTS) before workers start.
    globalSetup: ['tests/helpers/tlsGlobalSetup.ts'],
    // Removes the temporary folders of each test file when it is done; loads every language.
    setupFiles: ['tests/helpers/tempCleanup.ts', 'tests/helpers/allLanguages.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
