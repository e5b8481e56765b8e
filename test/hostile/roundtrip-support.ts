/**
 * Harness of the round-trip corpus's importer cases: one local identity-domain stand-in (test/support/identity-domain.ts)
 * holding a set-up as the Oracle sample leaves it (test/adopt/seed-setup.ts), edited per case, and `wif-import` run
 * in-process against it into a fresh directory, capturing every byte printed and every file left behind.
 */
import { createHash, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../adopt/cli";
import { DOMAIN, seedSetup, TENANCY } from "../adopt/seed-setup";
import { startIdentityDomain, type DomainData, type IdentityDomainStandIn } from "../support/identity-domain";

/** What one import did. */
export interface ImportRun {
  readonly code: number;
  /** Every line printed, on either stream. */
  readonly lines: string[];
  /** Files the command left in its output directory (none when it refused). */
  readonly written: string[];
  /** setupConfig.ini's path, when it was written. */
  readonly config: string;
}

/** A running stand-in whose data each run replaces, and the admin's OCI config that signs for it. */
export interface ImportHarness {
  run(edit: (d: DomainData) => void, extra?: readonly string[]): Promise<ImportRun>;
  /** Every request the stand-in saw: method and path with query. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

export async function startImportHarness(): Promise<ImportHarness> {
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const home = mkdtempSync(join(tmpdir(), "wif-roundtrip-admin-"));
  const keyFile = join(home, "admin.pem");
  writeFileSync(keyFile, keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), { mode: 0o600 });
  const fingerprint = createHash("md5")
    .update(keys.publicKey.export({ type: "spki", format: "der" }))
    .digest("hex")
    .match(/../g)!
    .join(":");
  const configFile = join(home, "oci-config");
  writeFileSync(
    configFile,
    `[ADMIN]\nuser=ocid1.user.oc1..aaaaaaaaadmin\nfingerprint=${fingerprint}\nkey_file=${keyFile}\ntenancy=${TENANCY}\nregion=us-ashburn-1\n`,
  );
  // The stand-in reads this object on every request: each run refills it in place.
  const data: DomainData = seedSetup();
  const standIn: IdentityDomainStandIn = await startIdentityDomain(data, {
    publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
  });
  const dirs: string[] = [];
  return {
    requests: standIn.requests,
    async run(edit, extra = []) {
      const fresh = seedSetup();
      edit(fresh);
      for (const k of Object.keys(fresh) as Array<keyof DomainData>) data[k].splice(0, data[k].length, ...fresh[k]);
      const dir = mkdtempSync(join(tmpdir(), "wif-roundtrip-"));
      dirs.push(dir);
      let printed = "";
      const io = { out: (l: string) => (printed += `${l}\n`), err: (l: string) => (printed += `${l}\n`) };
      const config = join(dir, "setupConfig.ini");
      const argv = [
        "--domain",
        DOMAIN,
        "--endpoint",
        standIn.url,
        "--iam-endpoint",
        standIn.url,
        "--compartment",
        TENANCY,
        "--profile",
        "ADMIN",
        "--config-file",
        configFile,
        "--out",
        config,
        ...extra,
      ];
      const code = await main(argv, io);
      return { code, lines: printed.split("\n").filter((l) => l !== ""), written: readdirSync(dir), config };
    },
    async close() {
      await standIn.close();
      for (const d of [home, ...dirs]) rmSync(d, { recursive: true, force: true });
    },
  };
}
