// TypeScript is transpiled by esbuild (test/support/esbuild-transform.js): TypeScript 7 has no compiler API for
// ts-jest, and type checking is `tsc --noEmit`, which `npm test` runs first.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "\\.ts$": "<rootDir>/test/support/esbuild-transform.js" },
  moduleFileExtensions: ["ts", "js", "json"],
  setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
