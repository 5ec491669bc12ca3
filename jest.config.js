/**
 * `npm test`: the fast suite (unit, construct, snapshot and command-line tests). Tests are
 * transformed by swc (no type-checking: `npm run typecheck` runs tsc once). The suites that run the
 * real terraform binary are named `*.terraform.test.ts` and run with `npm run test:terraform`
 * (jest.terraform.config.js), the docs' command examples (`*.docs.test.ts`) with
 * `npm run test:docs`, the packaging test (test/package) with `npm run test:package`; `npm run
 * check` runs them all.
 */
module.exports = {
  testEnvironment: 'node',
  // Jest defaults to cores - 1 workers: one worker on a 2-core machine; the suite is mostly waiting on spawns.
  maxWorkers: 2,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '\\.terraform\\.test\\.ts$',
    '\\.docs\\.test\\.ts$',
    '<rootDir>/test/package/',
  ],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
