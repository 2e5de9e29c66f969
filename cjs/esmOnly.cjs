// What `require('oxide-mirror')` (or any of its sub-paths) loads: the package is ESM only, because
// its HTTP client, ky, is. Without this file the `require` would fail with a resolver error that
// names no way out; this one says what to write instead.
'use strict';

const error = new Error(
  'oxide-mirror is an ES module only and cannot be loaded with require(). Use `import { createMirror } from \'oxide-mirror\'` in an ES module (a .mjs file, or "type": "module" in package.json), or `const { createMirror } = await import(\'oxide-mirror\')` from CommonJS.',
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
