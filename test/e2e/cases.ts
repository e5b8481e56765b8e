/**
 * The configs the end-to-end tier applies (every fixture and example the real provider can run here), and for each
 * the "typical change" that must be made in place. `quick` marks the ones `npm test` runs when the provider is
 * installed; `npm run e2e` runs all.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import type { Scenario } from "../support/e2e";
import { ROOT } from "../support/stacks";

export interface E2eCase {
  /** The fixture's or example's name, as the report table lists it. */
  readonly name: string;
  /** Its file, relative to the repository. */
  readonly file: string;
  /** How the exchange maps its tokens. */
  readonly mode: "impersonation" | "user" | "resource";
  /** A typical edit that must update resources in place, and what it is. */
  readonly change: { readonly what: string; readonly edit: (ini: string) => string };
  /** Config profiles holding an admin session token, for `auth = SecurityToken`. */
  readonly sessionProfiles?: readonly string[];
  /** Run by `npm test` too (where the provider is installed); the others only by `npm run e2e`. */
  readonly quick?: boolean;
  /** How the provider signs its calls: an API key, a session token (`auth = SecurityToken`) or an RPST it exchanged. */
  readonly providerAuth?: "apikey" | "upst" | "rpst";
  /**
   * `npm run import` can adopt everything the stack made (trusts with impersonation, their service users, groups
   * and policies, the exchange app), so the lifecycle also forgets the state and imports it all back.
   */
  readonly reimport?: boolean;
  /**
   * Review rules whose unsuppressed errors every plan of this config has besides WIF-L1 (the loopback domain), as
   * the config is written: the e2e deploys accept exactly these and WIF-L1, nothing else.
   */
  readonly findings?: readonly string[];
  /** Sets up what the config expects to exist already, before the first plan. */
  readonly prepare?: (s: Scenario) => void;
}

/** Adds lines at the end of a section (the first whose header matches). */
export function addToSection(ini: string, header: string, lines: readonly string[]): string {
  const start = ini.indexOf(`[${header}]`);
  if (start < 0) return `${ini.trimEnd()}\n\n[${header}]\n${lines.join("\n")}\n`;
  const next = ini.indexOf("\n[", start + 1);
  const end = next < 0 ? ini.length : next + 1;
  const body = ini.slice(0, end).trimEnd();
  return `${body}\n${lines.join("\n")}\n${next < 0 ? "" : "\n"}${ini.slice(end)}`;
}

/** Every section header of a type (`Trust`, `OAuthClient`, …), in file order. */
export function sectionsOf(ini: string, type: string): string[] {
  return [...ini.matchAll(new RegExp(`^\\[(${type}(?:\\s+[^\\]]*)?)\\]`, "gim"))].map((m) => m[1]);
}

/** The first apply of a removal: `retire = true` on the exchange app, every trust, OAuth client and resource server. */
export function retireAll(ini: string): string {
  let out = addToSection(ini, "WIFConfig", ["retire = true"]);
  const sections = ["Trust", "TrustConfiguration", "OAuthClient", "ResourceServer"].flatMap((t) => sectionsOf(ini, t));
  for (const s of sections) out = addToSection(out, s, ["retire = true"]);
  return out;
}

export function read(file: string): string {
  return readFileSync(join(ROOT, file), "utf8");
}

/**
 * What a stack with `auth = WorkloadIdentityFederation` needs before its first plan: a token-exchange app (the
 * config's `wif_client_id`) and an RPST trust for the pipeline's issuer, made once by hand (the bootstrap README's
 * "Deploying with WIF" describes), the pipeline's OIDC token in a file, and the app's secret in
 * OCI_TOKEN_EXCHANGE_CLIENT_SECRET. The provider then exchanges that token itself and signs every call with the RPST.
 */
function bootstrapWifDeploy(s: Scenario): void {
  const issuer = "https://ci.example.com/oidc";
  const mint = s.oci.issuers.add(issuer, `${issuer}/keys`);
  const app = s.oci.scim.create("Apps", {
    schemas: ["urn:ietf:params:scim:schemas:oracle:idcs:App"],
    displayName: "pipeline-token-exchange",
    basedOnTemplate: { value: "CustomWebAppTemplateId" },
    name: "0123456789abcdef0123456789abcdef",
    isOAuthClient: true,
    clientType: "confidential",
    allowedGrants: ["client_credentials"],
    active: true,
  });
  s.oci.scim.create("IdentityPropagationTrusts", {
    schemas: ["urn:ietf:params:scim:schemas:oracle:idcs:IdentityPropagationTrust"],
    name: "pipeline",
    type: "JWT",
    issuer,
    publicKeyEndpoint: `${issuer}/keys`,
    active: true,
    allowImpersonation: true,
    subjectType: "Resource",
    impersonatingResource: "infra-deployer",
    oauthClients: [app.name],
    clientClaimName: "aud",
    clientClaimValues: ["oci-deploy"],
  });
  const tokenFile = join(s.dir, "oidc", "token");
  mkdirSync(join(s.dir, "oidc"), { mode: 0o700 });
  const now = Math.floor(Date.now() / 1000);
  writeFileSync(tokenFile, mint({ sub: "pipeline:infra:main", aud: "oci-deploy", iat: now, exp: now + 3600 }), {
    mode: 0o600,
  });
  s.writeConfig(s.readConfig().replace(/^(\s*wif_token_path\s*=\s*)\S+/m, `$1${tokenFile}`));
  s.extraEnv.OCI_TOKEN_EXCHANGE_CLIENT_SECRET = app.clientSecret;
}

export const CASES: readonly E2eCase[] = [
  {
    name: "github",
    reimport: true,
    file: "test/fixtures/github.ini",
    mode: "impersonation",
    quick: true,
    change: {
      what: "a rule added to a service user, and the app's description",
      edit: (ini) =>
        addToSection(
          addToSection(ini, "ServiceUser ci-releaser", [
            "rule[] = github repo=octo-org/cli owner_id=1234567 repo_id=42 tag=v*",
          ]),
          "WIFConfig",
          ["description = Token exchange for GitHub Actions (e2e)"],
        ),
    },
  },
  {
    name: "gitlab",
    reimport: true,
    file: "test/fixtures/gitlab.ini",
    // Its self-managed instance's trust has no audience constraint (GitLab has no default audience to assume).
    findings: ["WIF-T1"],
    mode: "impersonation",
    sessionProfiles: ["ci-admin"],
    providerAuth: "upst",
    change: {
      what: "a rule added to a service user",
      edit: (ini) =>
        addToSection(ini, "ServiceUser gl-deployer", ["rule[] = gitlab project=platform/deploy-tools ref=next"]),
    },
  },
  {
    name: "seed-sample",
    reimport: true,
    file: "test/fixtures/seed-sample.ini",
    // The Oracle sample's trust has no audience constraint.
    findings: ["WIF-T1"],
    mode: "impersonation",
    change: {
      what: "the trust's rule changed",
      edit: (ini) => ini.replace("refs/heads/main", "refs/heads/release"),
    },
  },
  {
    name: "example setupConfig.ini",
    reimport: true,
    file: "setupConfig.ini",
    mode: "impersonation",
    change: {
      what: "a policy statement added",
      edit: (ini) => addToSection(ini, "ServiceUserConfig", ["allow[]=read objects in compartment ci-artifacts"]),
    },
  },
  {
    name: "resource-server",
    file: "test/fixtures/resource-server.ini",
    mode: "impersonation",
    change: {
      what: "a scope added to the resource server and granted to a client",
      edit: (ini) =>
        addToSection(
          addToSection(ini, "ResourceServer reports-api", ["scope[] = reports.audit Audit reports"]),
          "OAuthClient reports-reader",
          ["scope[] = reports-api:reports.audit"],
        ),
    },
  },
  {
    name: "user-context",
    file: "test/fixtures/user-context.ini",
    mode: "user",
    change: {
      what: "the app's description",
      edit: (ini) => addToSection(ini, "WIFConfig", ["description = Corporate IdP token exchange (e2e)"]),
    },
  },
  {
    name: "rpst",
    file: "test/fixtures/rpst.ini",
    mode: "resource",
    change: {
      what: "a workload's statement added",
      edit: (ini) => addToSection(ini, "Workload web-deploy", ["allow[] = read buckets in compartment apps"]),
    },
  },
  {
    name: "rpst-gitlab",
    file: "test/fixtures/rpst-gitlab.ini",
    mode: "resource",
    change: {
      what: "the trust's audience widened",
      edit: (ini) => ini.replace("audience = https://oci.example.com", "audience = https://oci.example.com, oci-e2e"),
    },
  },
  {
    name: "wif-deploy",
    file: "test/fixtures/wif-deploy.ini",
    mode: "impersonation",
    prepare: bootstrapWifDeploy,
    providerAuth: "rpst",
    change: {
      what: "a rule added to the service user",
      edit: (ini) =>
        addToSection(ini, "ServiceUser ci-deployer", [
          "rule[] = github repo=octo-org/web-app owner_id=1234567 repo_id=89012345 environment=staging",
        ]),
    },
  },
  // The issuer catalogue's fixtures (core/issuers/): trusts in impersonation mode whose rules and claim validations
  // each issuer's typed syntax wrote. The typical change: a statement added to the first service user's policy.
  ...[
    "aws",
    "azure-devops",
    "bitbucket",
    "buildkite",
    "circleci",
    "entra",
    "env0",
    "google",
    "kubernetes",
    "spacelift",
    "terraform",
  ].map(
    (name): E2eCase => ({
      name,
      file: `test/fixtures/${name}.ini`,
      mode: "impersonation",
      reimport: true,
      change: {
        what: "a statement added to a service user's policy",
        edit: (ini) =>
          addToSection(ini, sectionsOf(ini, "ServiceUser")[0], ["allow[] = read buckets in compartment e2e"]),
      },
    }),
  ),
];
