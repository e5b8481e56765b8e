// Rewrites the configuration reference in docs/configuration.md from config/spec.ts.   npm run docs:config
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withConfigReference } from "../config/docs";

const path = join(__dirname, "..", "docs", "configuration.md");
writeFileSync(path, withConfigReference(readFileSync(path, "utf8")));
console.log("docs/configuration.md: configuration reference updated");
