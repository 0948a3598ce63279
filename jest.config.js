/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  projects: [
    {
      displayName: 'service',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: {
        // Type checking is `npm run typecheck`'s job; the test run only transpiles, which keeps it fast.
        '^.+\\.tsx?$': 'ts-jest',
      },
      setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
    },
    {
      // The CRM card: @hubspot/ui-extensions (and what its testing module imports) ships ESM only,
      // so those packages are transpiled to CommonJS with the card's own compiler settings.
      displayName: 'card',
      testEnvironment: 'node',
      roots: ['<rootDir>/cards'],
      testMatch: ['**/*.test.tsx'],
      transform: {
        '^.+\\.[jt]sx?$': ['ts-jest', { tsconfig: '<rootDir>/cards/tsconfig.jest.json' }],
      },
      transformIgnorePatterns: ['/node_modules/(?!(@hubspot/ui-extensions|@remote-ui|tinyspy)/)'],
    },
  ],
};
