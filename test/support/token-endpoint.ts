// Moved to testing/ so scripts/bench-exchange.ts can use it without importing a test helper; kept for imports.
export * from "../../testing/token-endpoint";
