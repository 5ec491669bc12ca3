/** Tests are transformed by swc (no type-checking); `npm test` type-checks once with `tsc --noEmit`. */
module.exports = {
  testEnvironment: 'node',
  // Jest defaults to cores - 1 workers: one worker on a 2-core machine; the suite is mostly waiting on spawns.
  maxWorkers: 2,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
