/**
 * One jest run for the whole workspace. The global setup starts the embedded database (or uses
 * MONGODB_URI) before any test file runs; when it cannot, the run fails instead of skipping.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const project = (name, roots, extra = {}) => ({
  displayName: name,
  rootDir: __dirname,
  roots,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  ...extra,
});

module.exports = {
  // A guard against hangs, not a timing assertion: a 2-core CI machine runs several files at once.
  testTimeout: 30_000,
  globalSetup: '<rootDir>/jest/globalSetup.ts',
  globalTeardown: '<rootDir>/jest/globalTeardown.ts',
  transform: { '^.+\\.(t|j)sx?$': swc },
  projects: [
    project('shared', ['<rootDir>/shared']),
    project('config', ['<rootDir>/config', '<rootDir>/scripts']),
    project('bff', ['<rootDir>/bff']),
    project('client', ['<rootDir>/client'], {
      // Component tests run in jsdom against plain stand-ins for Taro and the platform port.
      moduleNameMapper: {
        '^@tarojs/components$': '<rootDir>/client/test/stubs/components.tsx',
        '^@tarojs/taro$': '<rootDir>/client/test/stubs/taro.ts',
        '^(\\.\\./)+platform$': '<rootDir>/client/test/stubs/platform.ts',
        '\\.(scss|css|png|jpe?g|gif|svg)$': '<rootDir>/client/test/stubs/file.ts',
      },
    }),
  ],
};
