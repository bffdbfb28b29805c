#!/usr/bin/env node
/**
 * The `websocket-doctor` command. The CLI parses files with typescript-eslint's parser packages,
 * which are optional peer dependencies (a project that only lints JavaScript does not get
 * TypeScript installed because of this plugin): when they are missing, say what to install
 * rather than fail with a module-resolution stack trace.
 */
import { createRequire } from 'node:module';

const PARSER_PACKAGES = ['typescript', '@typescript-eslint/typescript-estree', '@typescript-eslint/scope-manager'];

const require = createRequire(import.meta.url);
const missing = PARSER_PACKAGES.filter((name) => {
  try {
    require.resolve(name);
    return false;
  } catch {
    return true;
  }
});

if (missing.length > 0) {
  process.stderr.write(
    `websocket-doctor needs ${missing.join(', ')}, which this project does not have.\n` +
      `Install them next to eslint-plugin-websocket:\n\n  npm install --save-dev ${PARSER_PACKAGES.join(' ')}\n\n` +
      '(A project that uses typescript-eslint already has them.)\n',
  );
  process.exitCode = 2;
} else {
  const { main } = await import('./websocket-doctor.js');
  // `websocket-doctor fix | head`: the reader went away; what it did not read is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = await main(process.argv.slice(2));
}
