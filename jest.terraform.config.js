/**
 * `npm run test:terraform`: the Terraform-in-the-loop suites (`*.terraform.test.ts`), which run the
 * real terraform binary offline against the stand-in providers: minutes, not seconds.
 */
const fast = require('./jest.config');

module.exports = {
  ...fast,
  testMatch: ['**/*.terraform.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
