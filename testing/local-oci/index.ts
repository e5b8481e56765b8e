/**
 * A local OCI for end-to-end tests with the real `oracle/oci` provider: one server on 127.0.0.1 that is the
 * identity domain (SCIM, token endpoint, signing keys), IAM (policies, domains, GetNamespace) and, for the broker
 * stack, Vault/KMS, Functions and API Gateway; every OCI API call must carry a signature that verifies with the
 * key of the throwaway OCI config it writes. How the provider is pointed at it: the config's domain URL is
 * {@link LocalOci.url} (`idcs_endpoint`), and {@link LocalOci.env} gives `CLIENT_HOST_OVERRIDES` (the provider's own
 * per-client host override, internal/client/provider_clients.go) and `TF_HOME_OVERRIDE` (where the provider looks
 * for `.oci/config`, internal/utils/helpers.go). What it does not model: README.md in this folder.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Broker } from "./broker";
import { Authority, type Fault, LocalServer, ocid } from "./core";
import { Iam } from "./iam";
import { ScimStore } from "./scim";
import { Issuers, TokenEndpoint } from "./token";

export type { Principal, Fault, LoggedRequest } from "./core";
export type { ScimResource, ScimType } from "./scim";
export { ruleMatches, type Issued } from "./token";

/** The provider's SDK clients the stacks use, sent to the local OCI through `CLIENT_HOST_OVERRIDES`. */
export const OVERRIDDEN_CLIENTS = [
  "oci_identity.IdentityClient",
  "oci_kms.KmsVaultClient",
  "oci_vault.VaultsClient",
  "oci_secrets.SecretsClient",
  "oci_functions.FunctionsManagementClient",
  "oci_apigateway.GatewayClient",
  "oci_apigateway.DeploymentClient",
  "oci_apigateway.WorkRequestsClient",
  "oci_identity_data_plane.DataplaneClient",
];

export interface LocalOciOptions {
  /** @default "us-ashburn-1" */
  readonly region?: string;
  /** The domain's display name, for `group '<domain>'/'<group>'` policy subjects. @default "Default" */
  readonly domainName?: string;
  /** The tenancy's OCID (a config's `tenancy_ocid`, so policies and the domain lookup name it). @default a new one */
  readonly tenancy?: string;
  /** Extra config profiles holding a session token of the admin (for stacks with `auth = SecurityToken`). */
  readonly sessionProfiles?: readonly string[];
}

/** The throwaway OCI config: an admin's API key that the local OCI knows, in `<home>/.oci/config`. */
export interface ThrowawayOciConfig {
  /** The directory to pass as `TF_HOME_OVERRIDE`; `.oci/config` is under it. */
  readonly home: string;
  readonly configFile: string;
  readonly userId: string;
  readonly fingerprint: string;
  /** The private key's file (0600). */
  readonly keyFile: string;
}

export interface LocalOci {
  /** `http://127.0.0.1:<port>`: the domain URL, and every service's host. */
  readonly url: string;
  readonly tenancy: string;
  readonly region: string;
  /** The domain's OCID, as IAM lists it. */
  readonly domainOcid: string;
  readonly scim: ScimStore;
  readonly iam: Iam;
  readonly tokens: TokenEndpoint;
  readonly issuers: Issuers;
  readonly broker: Broker;
  readonly server: LocalServer;
  readonly ociConfig: ThrowawayOciConfig;
  /** The environment the provider needs to reach this OCI with the throwaway config. */
  env(): Record<string, string>;
  /** Queues a fault (429, 5xx with Retry-After, a hang, a 409) for matching requests. */
  fault(f: Fault): void;
  /** Resources every service holds (SCIM, live policies, broker resources): 0 when a stack is fully destroyed. */
  resourceCount(): number;
  close(): Promise<void>;
}

/** Starts a local OCI with an empty domain and writes its throwaway OCI config. */
export async function startLocalOci(options: LocalOciOptions = {}): Promise<LocalOci> {
  const region = options.region ?? "us-ashburn-1";
  const tenancy = options.tenancy ?? ocid("tenancy");
  const domainOcid = ocid("domain", region);
  const authority = new Authority();
  const server = new LocalServer(authority);
  const scim = new ScimStore(tenancy, domainOcid, () => server.url);
  const iam = new Iam(tenancy, "localocinamespace");
  const issuers = new Issuers();
  const tokens = new TokenEndpoint(scim, authority, issuers, tenancy);
  const broker = new Broker(tenancy, region, () => server.url, authority, scim, iam);
  authority.domainKeys = (keyId) => scim.apiKey(keyId);
  server.add(...scim.routes(), ...iam.routes(), ...tokens.routes(), ...broker.routes());
  await server.listen();
  iam.domains.push({
    id: domainOcid,
    compartmentId: tenancy,
    displayName: options.domainName ?? "Default",
    url: server.url,
    homeRegion: region,
  });

  const ociConfig = writeOciConfig(authority, tenancy, region, server.url, options.sessionProfiles ?? []);
  return {
    url: server.url,
    tenancy,
    region,
    domainOcid,
    scim,
    iam,
    tokens,
    issuers,
    broker,
    server,
    ociConfig,
    env: () => ({
      TF_HOME_OVERRIDE: ociConfig.home,
      CLIENT_HOST_OVERRIDES: OVERRIDDEN_CLIENTS.map((c) => `${c}=${server.url}`).join(";"),
    }),
    fault: (f) => server.fault(f),
    resourceCount: () => scim.count() + iam.livePolicies().length + broker.count(),
    async close() {
      await server.close();
      broker.close();
      rmSync(ociConfig.home, { recursive: true, force: true });
    },
  };
}

function writeOciConfig(
  authority: Authority,
  tenancy: string,
  region: string,
  url: string,
  sessionProfiles: readonly string[],
): ThrowawayOciConfig {
  const home = mkdtempSync(join(tmpdir(), "local-oci-home-"));
  mkdirSync(join(home, ".oci"), { mode: 0o700 });
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const userId = ocid("user");
  const { fingerprint } = authority.addApiKey(tenancy, userId, publicKey);
  const keyFile = join(home, ".oci", "admin.pem");
  writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  const lines = [
    "[DEFAULT]",
    `user=${userId}`,
    `fingerprint=${fingerprint}`,
    `tenancy=${tenancy}`,
    `region=${region}`,
    `key_file=${keyFile}`,
  ];
  for (const profile of sessionProfiles) {
    const { token } = authority.issueUpst({ user: userId, tenancy, publicKey, seconds: 3600 });
    const tokenFile = join(home, ".oci", `${profile}.token`);
    writeFileSync(tokenFile, token, { mode: 0o600 });
    lines.push("", `[${profile}]`, `fingerprint=${fingerprint}`, `tenancy=${tenancy}`, `region=${region}`);
    lines.push(`key_file=${keyFile}`, `security_token_file=${tokenFile}`);
  }
  const configFile = join(home, ".oci", "config");
  writeFileSync(configFile, `${lines.join("\n")}\n`, { mode: 0o600 });
  void url;
  return { home, configFile, userId, fingerprint, keyFile };
}
