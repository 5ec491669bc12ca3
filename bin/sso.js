#!/usr/bin/env node
'use strict';
// The command line is TypeScript run through tsx's require hook: no build step to forget.
require('tsx/cjs/api').register();
// tsx turns on source maps, which makes every stack trace cdktf captures per token ~10x dearer;
// set SSO_DEBUG=1 to get TypeScript positions in an internal error's stack.
if (!process.env.SSO_DEBUG) process.setSourceMapsEnabled(false);
require('../lib/cli/main.ts').main(process.argv.slice(2));
