import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { EXIT, UsageError, WifError } from "../core/errors";
import { runCommand, type CommandSpec } from "../cli/command";
import { stringFlag } from "../cli/flags";
import type { CliIo } from "../cli/io";
import { checkName, PROFILE_NAME } from "../core/place";
import { writeFilesAtomically } from "../core/secret-file";
import { REGION } from "../core/constants";
import { isLoopback } from "../core/endpoint-url";
import { registerSecretsInJson } from "../core/redact";
import { isKnownRealm, REALM_DOMAINS, realmOfRegion } from "../core/regions";
import { discover } from "./discover";
import { signedGetJson, type GetJson } from "./identity-client";
import { render } from "./render";
import { checkRoundTrip, ImportRefusedError } from "./round-trip";

const COMMAND: CommandSpec = {
  name: "wif-import",
  synopsis: `--domain <url> [--issuer <url> | --trust-name <name>] [--compartment <ocid> --region <region>]
                  [--profile <name>] [--config-file <path>] [--out <path>] [--force] [--timeout <seconds>]`,
  about: [
    "Reads a Workload Identity Federation set-up from an identity domain (made by hand or by the Oracle sample's",
    "wifSetup.py) and writes a setupConfig.ini that reproduces it, plus the imports that bind its resources to the live",
    "ones, so the first plan creates nothing new and the client secret stays. Requests are signed with your OCI profile",
    "(API key or session token); the client secret is never read.",
  ],
  flags: {
    domain: { type: "string", value: "<url>", help: "the identity domain, https://idcs-<id>.identity.oraclecloud.com" },
    issuer: { type: "string", value: "<url>", help: "adopt only the trust of this issuer" },
    "trust-name": { type: "string", value: "<name>", help: "adopt only the trust of this name" },
    compartment: {
      type: "string",
      value: "<ocid>",
      help: "read IAM policies of this compartment (or tenancy) for the service users' allow[] lines",
    },
    region: { type: "string", value: "<region>", help: "the IAM region of --compartment (default: the profile's)" },
    profile: {
      type: "string",
      value: "<name>",
      help: "OCI config profile of an identity domain administrator (default DEFAULT)",
    },
    "config-file": { type: "string", value: "<path>", help: "OCI config file (default ~/.oci/config)" },
    out: {
      type: "string",
      value: "<path>",
      help: "the config to write (default setupConfig.ini); the imports go to wif-imports.json beside it",
    },
    force: { type: "boolean", help: "overwrite existing files" },
    timeout: {
      type: "string",
      value: "<seconds>",
      help: "give up on a request whose whole answer has not arrived by then (default 30)",
    },
    endpoint: {
      type: "string",
      value: "<url>",
      help: "send the domain's requests here instead (a proxy, or a local stand-in in tests)",
    },
    "iam-endpoint": {
      type: "string",
      value: "<url>",
      help: "send IAM requests here instead of https://identity.<region>.oraclecloud.com",
    },
  },
  notes: [
    "Values are written only as the config loader reads them back; a value it would refuse or read differently (and any",
    "secret or key) is refused, naming the domain object and attribute, and nothing is written.",
  ],
  exitCodes: "0 written, 1 the domain or IAM refused or failed, 2 bad input (flags, or domain values refused)",
};

type Flag = `--${string}`;

/** Bad flags: the one bad-input error of every command. */
const ArgError = UsageError;

/** An https origin, or plain http to this machine's loopback (a local stand-in or test OCI). */
function origin(flag: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ArgError(`${flag} ${JSON.stringify(value)}: not a URL; give https://….`);
  }
  const local = u.protocol === "http:" && isLoopback(u);
  if (
    (u.protocol !== "https:" && !local) ||
    u.username ||
    u.password ||
    (u.pathname !== "/" && u.pathname !== "") ||
    u.search ||
    u.hash
  ) {
    throw new ArgError(
      `${flag} ${JSON.stringify(value)}: must be an https origin without a path, e.g. https://idcs-<id>.identity.oraclecloud.com.`,
    );
  }
  return u.origin;
}

/** The `wif-import` command; `get` replaces the signed HTTP client in tests. Returns the exit code. */
export async function main(
  argv: readonly string[],
  rawIo?: Partial<CliIo>,
  deps: { get?: GetJson } = {},
): Promise<number> {
  return runCommand(COMMAND, argv, rawIo, async (flags, io) => {
    const force = flags.force === true;
    const v: Partial<Record<Flag, string>> = Object.fromEntries(
      Object.keys(COMMAND.flags).map((name) => [`--${name}`, stringFlag(flags, name)]),
    );
    if (!v["--domain"])
      throw new ArgError(
        "--domain is required: the identity domain's URL, https://idcs-<id>.identity.oraclecloud.com.",
      );
    // Plain http only to this machine's loopback (a local test OCI); the config loader warns about such a domain URL
    // and the review fails a stack that has one (WIF-L1).
    const domainUrl = origin("--domain", v["--domain"]);
    const endpoint = v["--endpoint"] ? origin("--endpoint", v["--endpoint"]) : domainUrl;
    if (v["--region"] && !REGION.test(v["--region"]))
      throw new ArgError(`--region ${JSON.stringify(v["--region"])}: not a region identifier such as us-ashburn-1.`);
    if (
      v["--compartment"] &&
      !/^ocid1\.(tenancy|compartment)\.oc[0-9]+\.[a-z0-9-]*\.[a-z0-9.]{10,}$/.test(v["--compartment"])
    ) {
      throw new ArgError(`--compartment ${JSON.stringify(v["--compartment"])}: not a compartment or tenancy OCID.`);
    }
    const realm = v["--compartment"]?.split(".")[2];
    if (realm !== undefined && !isKnownRealm(realm))
      throw new ArgError(
        `--compartment ${JSON.stringify(v["--compartment"])}: names the realm ${JSON.stringify(realm)}, which does not exist; the realms are ${Object.keys(REALM_DOMAINS).join(", ")}.`,
      );
    const regionRealm = v["--region"] ? realmOfRegion(v["--region"]) : undefined;
    if (realm !== undefined && regionRealm !== undefined && realm !== regionRealm)
      throw new ArgError(
        `--compartment is in realm ${realm}, but --region ${v["--region"]} is in ${regionRealm}; give the region of the compartment's realm.`,
      );
    const profile = checkName(v["--profile"] ?? "DEFAULT", PROFILE_NAME, "--profile");
    const out = v["--out"] ?? "setupConfig.ini";
    const importsPath = join(dirname(out), "wif-imports.json");
    for (const f of [out, importsPath])
      if (existsSync(f) && !force)
        throw new ArgError(`${f} exists; pass --force to overwrite it, or --out another file.`);

    let timeoutMs: number | undefined;
    if (v["--timeout"] !== undefined) {
      const seconds = Number(v["--timeout"]);
      if (!/^\d+(\.\d+)?$/.test(v["--timeout"]) || seconds < 0.1 || seconds > 600)
        throw new ArgError(`--timeout ${JSON.stringify(v["--timeout"])}: give seconds from 0.1 to 600.`);
      timeoutMs = seconds * 1000;
    }
    const fetchJson = deps.get ?? signedGetJson({ profile, configFile: v["--config-file"], timeoutMs });
    // A domain's answer may carry secrets (an app's clientSecret): every printer knows them as they arrive.
    const get: GetJson = async (url) => {
      const answer = await fetchJson(url);
      registerSecretsInJson(answer.body);
      return answer;
    };
    let iam: { endpoint: string; compartmentId: string } | undefined;
    if (v["--compartment"]) {
      const region = v["--region"];
      if (!v["--iam-endpoint"] && !region)
        throw new ArgError(
          "--compartment needs --region (the IAM endpoint is https://identity.<region>.oraclecloud.com).",
        );
      iam = {
        endpoint: v["--iam-endpoint"]
          ? origin("--iam-endpoint", v["--iam-endpoint"])
          : `https://identity.${region}.oraclecloud.com`,
        compartmentId: v["--compartment"],
      };
    }
    const setup = await discover(rebased(get, domainUrl, endpoint), {
      domainUrl,
      issuer: v["--issuer"],
      trustName: v["--trust-name"],
      iam,
    });
    const rendered = render(setup, { profile, importsFile: basename(importsPath) });
    const { ini, imports } = rendered;
    const importsText = `${JSON.stringify(imports, null, 2)}\n`;
    // Only what the loader reads back as the domain's values is written; secrets never are (adopt/round-trip.ts).
    const refusals = checkRoundTrip(rendered, { file: out, baseDir: dirname(resolve(out)), importsPath, importsText }, [
      ...(setup.refusals ?? []),
      ...rendered.refusals,
    ]);
    if (refusals.length) throw new ImportRefusedError(refusals);
    writeAtomically(importsPath, importsText);
    writeAtomically(out, ini);
    io.err(
      `wif-import: ${setup.trusts.length} trust(s), ${setup.app ? 1 : 0} app, ${setup.users.length} service user(s), ${Object.keys(imports.imports).length} import(s); ` +
        `wrote ${out} and ${importsPath}${setup.notes.length ? `; ${setup.notes.length} thing(s) could not be adopted as they are (see the comments at its end)` : ""}`,
    );
    return EXIT.ok;
  });
}

/** Sends requests for the domain to `endpoint` (the same URL when no --endpoint was given). */
function rebased(get: GetJson, domainUrl: string, endpoint: string): GetJson {
  return endpoint === domainUrl
    ? get
    : (url) => get(url.startsWith(domainUrl) ? endpoint + url.slice(domainUrl.length) : url);
}

/** Writes a file in one step: a temporary file beside it, then a rename, so a failure leaves no half-written file. */
function writeAtomically(file: string, text: string): void {
  try {
    writeFilesAtomically([{ path: file, content: text, mode: 0o644 }]);
  } catch (err) {
    if (WifError.is(err)) throw err;
    throw new ArgError(`${file}: cannot be written (${(err as NodeJS.ErrnoException).code ?? String(err)}).`);
  }
}
