/**
 * `npm run test:docs`: every runnable command example in README.md and docs/ (`*.docs.test.ts`),
 * run as a reader would in a copy of the repository. About 25 spawns of the command line, so it
 * stays out of `npm test`'s 30 s; `npm run check` runs it. The examples that need terraform are in
 * examples.terraform.test.ts, with the Terraform-in-the-loop suites.
 */
const fast = require('./jest.config');

module.exports = {
  ...fast,
  testMatch: ['**/*.docs.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
