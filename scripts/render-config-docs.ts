// Rewrites the configuration reference in README.md from config/spec.ts.   npm run docs:config
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withConfigReference } from "../config/docs";

const path = join(__dirname, "..", "README.md");
writeFileSync(path, withConfigReference(readFileSync(path, "utf8")));
console.log("README.md: configuration reference updated");
