#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` / `npm install` (the `prepare` script).
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('lifeline: dist/ is missing; run `npm ci` (or `npm run build`) first.');
    process.exit(1);
  }
  throw error;
});
