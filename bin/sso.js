#!/usr/bin/env node
'use strict';
const fs = require('fs');
const path = require('path');

const source = path.join(__dirname, '..', 'lib', 'cli', 'main.ts');
if (fs.existsSync(source)) {
  // A checkout of the repository: run the TypeScript itself through tsx's require hook (a dev
  // dependency), so there is no build to forget or to go stale while working on it.
  require('tsx/cjs/api').register();
  // tsx turns on source maps, which makes every stack trace cdktf captures per token ~10x dearer;
  // set SSO_DEBUG=1 to get TypeScript positions in an internal error's stack.
  if (!process.env.SSO_DEBUG) process.setSourceMapsEnabled(false);
  require(source).main(process.argv.slice(2));
} else {
  // The installed package ships only the compiled JavaScript (dist/, built by `prepack`).
  require('../dist/lib/cli/main.js').main(process.argv.slice(2));
}
