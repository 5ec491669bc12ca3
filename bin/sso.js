#!/usr/bin/env node
'use strict';
// The command line is TypeScript run through tsx's require hook: no build step to forget.
require('tsx/cjs/api').register();
require('../lib/cli/main.ts').main(process.argv.slice(2));
