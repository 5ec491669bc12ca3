/**
 * `npm run test:package`: the consumer test (test/package). It packs the package, installs the
 * tarball offline into a new cdktf project and runs that project's `cdktf synth` and the installed
 * `sso`: about a minute, so it stays out of `npm test`; `npm run check` runs it.
 */
const fast = require('./jest.config');

module.exports = {
  ...fast,
  roots: ['<rootDir>/test/package'],
  testPathIgnorePatterns: ['/node_modules/'],
};
