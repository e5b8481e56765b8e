// TypeScript is transpiled by esbuild (test/support/esbuild-transform.js): TypeScript 7 has no compiler API for
// ts-jest, and type checking is `tsc --noEmit`, which `npm test` runs first.
//
// Two projects. "cdktf" runs every test. "cdktn" runs the tests of what the engine touches — the constructs, the
// literal step and its hostile corpus, the stacks of every fixture, the issuer catalogue's too (against the same
// snapshots) — once more on CDK Terrain: the same source and the same test files, with "cdktf" resolved to cdktn,
// "constructs" to the version cdktn accepts and the bindings to those cdktn's generator made (engines/cdktn/;
// scripts/build.ts builds them, and the pretest build makes them current). This is the resolution the cdktn build
// compiles with.
const shared = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: { "\\.ts$": "<rootDir>/test/support/esbuild-transform.js" },
  moduleFileExtensions: ["ts", "js", "json"],
  setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};

const CDKTN = "<rootDir>/engines/cdktn/node_modules";

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: "cdktf", globals: { ENGINE_UNDER_TEST: "cdktf" }, testMatch: ["**/*.test.ts"] },
    {
      ...shared,
      displayName: "cdktn",
      globals: { ENGINE_UNDER_TEST: "cdktn" },
      testMatch: [
        "<rootDir>/test/constructs/**/*.test.ts",
        "<rootDir>/test/stacks.test.ts",
        "<rootDir>/test/issuer-fixtures.test.ts",
        "<rootDir>/test/hostile/literal-*.test.ts",
        "<rootDir>/test/hostile/templates-terraform.test.ts",
        "<rootDir>/test/engines/engine-under-test.test.ts",
      ],
      moduleNameMapper: {
        "^(cdktf|cdktn)$": `${CDKTN}/cdktn`,
        "^(cdktf|cdktn)/(.*)$": `${CDKTN}/cdktn/$2`,
        "^constructs$": `${CDKTN}/constructs`,
        "^constructs/(.*)$": `${CDKTN}/constructs/$1`,
        "^(?:\\.\\./)+\\.gen/providers/(.*)$": "<rootDir>/engines/cdktn/build/.gen/providers/$1",
      },
    },
  ],
};
