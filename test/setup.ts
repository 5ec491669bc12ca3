// cdktf's jest adapter by deep path: the package root loads all of cdktf (~380 modules) into every
// test file's registry, most of which never synthesize anything.
import { setupJest } from 'cdktf/lib/testing/adapters/jest';

// Registers cdktf's matchers (toHaveResourceWithProperties, ...) for every test file.
setupJest();

// Rotation rules read the clock: pin it so the suite gives the same answers after the example
// keys age (a test that needs another day sets SSO_CLOCK or passes --at itself).
process.env.SSO_CLOCK ??= '2026-11-25';
