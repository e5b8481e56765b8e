import { existsSync, renameSync, writeFileSync } from "node:fs";
import { isLoopback } from "../core/endpoint-url";
import { basename, dirname, join } from "node:path";
import { EXIT, WifError } from "../core/errors";
import { REGION } from "../core/constants";
import { discover } from "./discover";
import { signedGetJson, type GetJson } from "./identity-client";
import { render } from "./render";

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = `Usage: wif-import --domain URL [--issuer URL | --trust-name NAME] [--compartment OCID --region REGION]
                  [--profile NAME] [--config-file FILE] [--out FILE] [--force]

Reads a Workload Identity Federation set-up from an identity domain (made by hand or by the Oracle sample's
wifSetup.py) and writes a setupConfig.ini that reproduces it, plus the imports that bind its resources to the live
ones, so the first plan creates nothing new and the client secret stays. Requests are signed with your OCI profile
(API key or session token); the client secret is never read.
  --domain URL        the identity domain, https://idcs-<id>.identity.oraclecloud.com
  --issuer URL        adopt only the trust of this issuer
  --trust-name NAME   adopt only the trust of this name
  --compartment OCID  read IAM policies of this compartment (or tenancy) for the service users' allow[] lines
  --region REGION     the IAM region of --compartment (default: the profile's)
  --profile NAME      OCI config profile of an identity domain administrator (default DEFAULT)
  --config-file FILE  OCI config file (default ~/.oci/config)
  --out FILE          the config to write (default setupConfig.ini); the imports go to wif-imports.json beside it
  --force             overwrite existing files
  --endpoint URL      send the domain's requests here instead (a proxy, or a local stand-in in tests)
  --iam-endpoint URL  send IAM requests here instead of https://identity.<region>.oraclecloud.com
Exit codes: 0 written, 1 the domain or IAM refused or failed, 2 bad input.`;

const FLAGS = [
  "--domain",
  "--issuer",
  "--trust-name",
  "--compartment",
  "--region",
  "--profile",
  "--config-file",
  "--out",
  "--endpoint",
  "--iam-endpoint",
] as const;
type Flag = (typeof FLAGS)[number];

class ArgError extends WifError {
  constructor(message: string) {
    super("WIF-E-ARGS", "badInput", [message]);
  }
}

function parse(argv: readonly string[]): { help: boolean; force: boolean; v: Partial<Record<Flag, string>> } {
  const v: Partial<Record<Flag, string>> = {};
  let help = false;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") help = true;
    else if (arg === "--force") force = true;
    else if ((FLAGS as readonly string[]).includes(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new ArgError(`${arg} needs a value; see --help.`);
      if (v[arg as Flag] !== undefined) throw new ArgError(`${arg} is given twice; give it once.`);
      v[arg as Flag] = value;
    } else throw new ArgError(`unknown argument ${JSON.stringify(arg)}; see --help.`);
  }
  return { help, force, v };
}

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
  io: CliIo = defaultIo(),
  deps: { get?: GetJson } = {},
): Promise<number> {
  try {
    const { help, force, v } = parse(argv);
    if (help) {
      io.stdout(`${USAGE}\n`);
      return EXIT.ok;
    }
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
    const profile = v["--profile"] ?? "DEFAULT";
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(profile))
      throw new ArgError(`--profile ${JSON.stringify(profile)}: not a profile name.`);
    const out = v["--out"] ?? "setupConfig.ini";
    const importsPath = join(dirname(out), "wif-imports.json");
    for (const f of [out, importsPath])
      if (existsSync(f) && !force)
        throw new ArgError(`${f} exists; pass --force to overwrite it, or --out another file.`);

    const get = deps.get ?? signedGetJson({ profile, configFile: v["--config-file"] });
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
    const { ini, imports } = render(setup, { profile, importsFile: basename(importsPath) });
    writeAtomically(importsPath, `${JSON.stringify(imports, null, 2)}\n`);
    writeAtomically(out, ini);
    io.stderr(
      `wif-import: ${setup.trusts.length} trust(s), ${setup.app ? 1 : 0} app, ${setup.users.length} service user(s), ${Object.keys(imports.imports).length} import(s); ` +
        `wrote ${out} and ${importsPath}${setup.notes.length ? `; ${setup.notes.length} thing(s) could not be adopted as they are (see the comments at its end)` : ""}\n`,
    );
    return EXIT.ok;
  } catch (err) {
    if (WifError.is(err)) {
      io.stderr(`error: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}

/** Sends requests for the domain to `endpoint` (the same URL when no --endpoint was given). */
function rebased(get: GetJson, domainUrl: string, endpoint: string): GetJson {
  return endpoint === domainUrl
    ? get
    : (url) => get(url.startsWith(domainUrl) ? endpoint + url.slice(domainUrl.length) : url);
}

/** Writes a file in one step: a temporary file beside it, then a rename, so a failure leaves no half-written file. */
function writeAtomically(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, file);
  } catch (err) {
    throw new ArgError(`${file}: cannot be written (${(err as NodeJS.ErrnoException).code ?? String(err)}).`);
  }
}

function defaultIo(): CliIo {
  return { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
}
