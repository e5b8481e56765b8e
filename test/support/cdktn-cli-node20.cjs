// Preloaded (NODE_OPTIONS=--require) when the tests run cdktn-cli 0.24 on Node 20. cdktn-cli declares Node >=22.19
// ("engines"), and on Node 20 it stops at start-up: the HTTP client bundled into it (undici) calls
// worker_threads.markAsUncloneable, which Node added in 22.10 to keep its Headers, Request and Response objects out
// of structuredClone. Nothing cdktn-cli's `synth` does clones such an object, so a no-op stands in for it here;
// on a Node that has the function this file changes nothing. Users run cdktn-cli on Node 22.19 or later
// (docs/cdk-terrain.md).
"use strict";
const workerThreads = require("node:worker_threads");
if (typeof workerThreads.markAsUncloneable !== "function") workerThreads.markAsUncloneable = () => {};
