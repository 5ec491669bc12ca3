import { Testing } from 'cdktf';

// Registers cdktf's matchers (toHaveResourceWithProperties, ...) for every test file.
Testing.setupJest();

// Rotation rules read the clock: pin it so the suite gives the same answers after the example
// keys age (a test that needs another day sets SSO_CLOCK or passes --at itself).
process.env.SSO_CLOCK ??= '2026-11-25';
