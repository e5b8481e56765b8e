// Rewrites the catalogue part of docs/issuers.md from core/issuers/.   npm run docs:issuers
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withIssuerCatalogue } from "../config/docs";

const path = join(__dirname, "..", "docs", "issuers.md");
writeFileSync(path, withIssuerCatalogue(readFileSync(path, "utf8")));
console.log("docs/issuers.md: issuer catalogue updated");
