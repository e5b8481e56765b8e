import { Fn } from "cdktf";
import { Construct } from "constructs";
import { ApigatewayDeployment } from "../.gen/providers/oci/apigateway-deployment";
import { ApigatewayGateway } from "../.gen/providers/oci/apigateway-gateway";
import { FunctionsApplication } from "../.gen/providers/oci/functions-application";
import { FunctionsFunction } from "../.gen/providers/oci/functions-function";
import { KmsKey } from "../.gen/providers/oci/kms-key";
import { KmsVault } from "../.gen/providers/oci/kms-vault";
import { VaultSecret } from "../.gen/providers/oci/vault-secret";
import type { BrokerAccount } from "./broker-account";
import { DynamicResourceGroup } from "./dynamic-resource-group";
import { GroupPolicy } from "./group-policy";
import type { IIdentityDomain } from "./identity-domain";
import type { IResourceServer } from "./resource-server";
import { checkServiceUrl } from "../core/endpoint-url";
import { PropChecker } from "./private/prop-checker";
import { DOMAIN_TOKEN_ISSUERS, SESSION_MINUTES_MAX, SESSION_MINUTES_MIN } from "../core/limits";
import { literalStack } from "./private/literal";

// A little over 300 lines: the props (with their documented defaults), the checks and one helper per resource group
// of one construct; the helpers are not exported and make sense only together.

const domainJwksUri = (domain: IIdentityDomain) => `${domain.url}/admin/v1/SigningCert/jwk`;

/** An existing Vault and master encryption key. */
export interface ExistingVault {
  readonly vaultId: string;
  readonly keyId: string;
}

/** The OCI Function that exchanges an access token for the account's UPST. */
export interface BrokerFunctionOptions {
  /** Subnets of the Functions application. */
  readonly subnetIds: readonly string[];
  /**
   * The function's container image, `<region>.ocir.io/<namespace>/<repo>:<tag>`: you build and push it from
   * `functions/upst-broker/` (`npm run build:broker`, then `fn deploy` or `docker build`/`docker push`).
   */
  readonly image: string;
  /** @default 256 */
  readonly memoryInMbs?: number;
  /** @default 30 */
  readonly timeoutInSeconds?: number;
  /**
   * Default session length of the tokens it requests, in minutes (5–60).
   * @default 60
   */
  readonly sessionMinutes?: number;
}

/** The API Gateway in front of the function. */
export interface BrokerGatewayOptions {
  readonly subnetId: string;
  /** @default "PUBLIC" */
  readonly endpointType?: "PUBLIC" | "PRIVATE";
  /** The resource server whose access tokens the gateway accepts. */
  readonly resourceServer: IResourceServer;
  /** The scope a token must carry to call the broker. */
  readonly scope: string;
  /** @default "/upst" */
  readonly pathPrefix?: string;
  /** @default "/token" */
  readonly routePath?: string;
}

/** Props of {@link UpstBroker}. */
export interface UpstBrokerProps {
  readonly domain: IIdentityDomain;
  /** Compartment of the vault, secret, function, gateway and their policies. */
  readonly compartmentId: string;
  readonly tenancyOcid: string;
  readonly region: string;
  /** The account whose API key signs GenerateUserSecurityToken calls. */
  readonly account: BrokerAccount;
  /** Prefix of every name the broker creates (vault, secret, dynamic groups, policies, app, gateway). */
  readonly name: string;
  /**
   * The vault and key that encrypt the secret.
   * @default - a new vault (type DEFAULT) and AES-256 key; deleting them later only schedules deletion
   */
  readonly vault?: ExistingVault;
  /**
   * Key protection when the key is created.
   * @default "HSM"
   */
  readonly keyProtectionMode?: "HSM" | "SOFTWARE";
  /**
   * The function; without it, no Functions application, function or its dynamic group and policy are created.
   * @default - none
   */
  readonly function?: BrokerFunctionOptions;
  /**
   * The gateway; needs `function`.
   * @default - none
   */
  readonly gateway?: BrokerGatewayOptions;
}

/**
 * A UPST broker (docs/oci-facts.md#upst-broker): an API Gateway that accepts the domain's access tokens carrying a scope, in front of an
 * OCI Function that reads the broker account's API key from a Vault secret and calls GenerateUserSecurityToken.
 *
 * Least privilege, as far as OCI policies allow: the function's dynamic group is that one function, and it may
 * only read the bundle of that one secret; the gateway's dynamic group is that one gateway, and it may only use
 * functions in the broker's compartment. Resource-principal tokens are cached for 15 minutes, so policy changes
 * take up to that long.
 *
 * The function is `functions/upst-broker/` of this repository: it reads `UPST_SECRET_OCID` (the JSON this construct
 * writes) with its resource principal and answers `{"token", "expiresAt"}`. Callers use `wif-broker`, which gets an
 * access token with the scope, calls {@link UpstBroker.endpoint} and writes an OCI session profile.
 */
export class UpstBroker extends Construct {
  public readonly secret: VaultSecret;
  public readonly vaultId: string;
  public readonly keyId: string;
  public readonly function?: FunctionsFunction;
  public readonly gateway?: ApigatewayGateway;
  public readonly deployment?: ApigatewayDeployment;
  /** The broker's URL, when there is a gateway: what `wif-broker --broker-url` (WIF_BROKER_URL) takes. */
  public readonly endpoint?: string;
  /** Every policy the broker creates, by role ("function", "gateway"). */
  public readonly policies: ReadonlyMap<string, GroupPolicy>;

  constructor(scope: Construct, id: string, props: UpstBrokerProps) {
    super(scope, id);
    literalStack(this);
    const fn = props.function && { ...FUNCTION_DEFAULTS, ...definedOnly(props.function) };
    const gw = props.gateway && { ...GATEWAY_DEFAULTS, ...definedOnly(props.gateway) };
    checkBrokerProps(new PropChecker(this, "UpstBroker"), props, fn, gw);

    // The helpers add their resources to this construct, not to sub-constructs: construct paths, and so the
    // logical IDs of deployed resources, stay what they have always been. The order of calls is the order of
    // resources in the synthesized stack.
    ({ vaultId: this.vaultId, keyId: this.keyId } = props.vault ?? newVault(this, props));
    this.secret = brokerSecret(this, props, this.vaultId, this.keyId);
    const policies = new Map<string, GroupPolicy>();
    if (fn) {
      const made = brokerFunction(this, props, fn, this.secret);
      this.function = made.function;
      policies.set("function", made.policy);
      if (gw) {
        const routed = brokerGateway(this, props, gw, made.function);
        ({ gateway: this.gateway, deployment: this.deployment, endpoint: this.endpoint } = routed);
        policies.set("gateway", routed.policy);
      }
    }
    this.policies = policies;
  }
}

/** The function's options with every default filled in (the one place the defaults are set). */
type FunctionSettings = Required<BrokerFunctionOptions>;
/** The gateway's options with every default filled in. */
type GatewaySettings = Required<BrokerGatewayOptions>;

const FUNCTION_DEFAULTS = { memoryInMbs: 256, timeoutInSeconds: 30, sessionMinutes: SESSION_MINUTES_MAX } as const;
const GATEWAY_DEFAULTS = { endpointType: "PUBLIC", pathPrefix: "/upst", routePath: "/token" } as const;
const KEY_PROTECTION_DEFAULT = "HSM";

/** `options` without its undefined properties, so spreading it over defaults keeps them. */
function definedOnly<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as T;
}

function checkBrokerProps(
  checks: PropChecker,
  props: UpstBrokerProps,
  fn?: FunctionSettings,
  gw?: GatewaySettings,
): void {
  checks.check(
    "name",
    props.name,
    (v) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v),
    "must be letters, digits, '_' or '-' (at most 64)",
  );
  if (fn) {
    const minutes = fn.sessionMinutes;
    if (!Number.isInteger(minutes) || minutes < SESSION_MINUTES_MIN || minutes > SESSION_MINUTES_MAX) {
      checks.fail(
        "function.sessionMinutes",
        `must be a whole number from ${SESSION_MINUTES_MIN} to ${SESSION_MINUTES_MAX} (GenerateUserSecurityToken's sessionExpirationInMinutes)`,
        minutes,
      );
    }
    if (fn.subnetIds.length === 0) checks.fail("function.subnetIds", "must name at least one subnet", []);
    checks.check(
      "function.image",
      fn.image,
      (v) => /^[a-z0-9.-]+\/\S+:\S+$/.test(v),
      "must be an image reference <registry>/<path>:<tag>",
    );
    const memory = fn.memoryInMbs;
    if (!Number.isInteger(memory) || memory < 128 || memory % 64 !== 0) {
      checks.fail("function.memoryInMbs", "must be a whole number of MB, at least 128, in steps of 64", memory);
    }
    const timeout = fn.timeoutInSeconds;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 300)
      checks.fail("function.timeoutInSeconds", "must be from 1 to 300 seconds", timeout);
  }
  if (gw) {
    if (!fn) checks.fail("gateway", "needs a function to route to", "gateway", "Configure the function too.");
    if (!gw.resourceServer.scopeValues.includes(gw.scope)) {
      const server = gw.resourceServer;
      checks.fail(
        "gateway.scope",
        `is not a scope of resource server '${server.node.path}'`,
        gw.scope,
        `Its scopes: ${server.scopeValues.join(", ")}.`,
      );
    }
    const path = /^\/[A-Za-z0-9._~/-]*$/;
    checks.check(
      "gateway.pathPrefix",
      gw.pathPrefix,
      (v) => path.test(v) && !v.endsWith("/"),
      "must start with '/' and not end with one",
    );
    checks.check("gateway.routePath", gw.routePath, (v) => path.test(v), "must start with '/'");
    // The same rule as every URL this project sends credentials to or trusts keys from (core/endpoint-url.ts):
    // https, or plain http to this machine's loopback, where only a local test OCI listens (review rule WIF-L1
    // fails such a stack).
    checks.check(
      "domain.url",
      domainJwksUri(props.domain),
      (v) => !("problem" in checkServiceUrl(v)),
      "must be https, for the gateway to fetch the domain's keys",
    );
  }
  checks.throwIfAny();
}

/** A new vault (type DEFAULT) and AES-256 master key, when the props bring none. */
function newVault(scope: Construct, props: UpstBrokerProps): ExistingVault {
  const vault = new KmsVault(scope, "Vault", {
    compartmentId: props.compartmentId,
    displayName: `${props.name}-vault`,
    vaultType: "DEFAULT",
  });
  const key = new KmsKey(scope, "Key", {
    compartmentId: props.compartmentId,
    displayName: `${props.name}-key`,
    managementEndpoint: vault.managementEndpoint,
    keyShape: { algorithm: "AES", length: 32 },
    protectionMode: props.keyProtectionMode ?? KEY_PROTECTION_DEFAULT,
  });
  return { vaultId: vault.id, keyId: key.id };
}

/** What the function needs to sign as the account. The private key is in it only when Terraform made it. */
function brokerSecret(scope: Construct, props: UpstBrokerProps, vaultId: string, keyId: string): VaultSecret {
  const account = props.account;
  const content = Fn.base64encode(
    Fn.jsonencode({
      user: account.userOcid,
      tenancy: props.tenancyOcid,
      fingerprint: account.fingerprint,
      region: props.region,
      ...(account.privateKeyPem ? { private_key: account.privateKeyPem } : {}),
    }),
  );
  return new VaultSecret(scope, "Secret", {
    compartmentId: props.compartmentId,
    vaultId,
    keyId,
    secretName: `${props.name}-api-key`,
    description: `API key of ${account.userName}, for the UPST broker function. Managed by Terraform.`,
    secretContent: { contentType: "BASE64", content },
    // With your own key pair you upload the version holding the private key; Terraform must not revert it.
    lifecycle: account.privateKeyPem ? undefined : { ignoreChanges: ["secret_content"] },
  });
}

/** The Functions application and function, and a dynamic group of that one function that may read the secret. */
function brokerFunction(scope: Construct, props: UpstBrokerProps, fn: FunctionSettings, secret: VaultSecret) {
  const app = new FunctionsApplication(scope, "Application", {
    compartmentId: props.compartmentId,
    displayName: `${props.name}-app`,
    subnetIds: [...fn.subnetIds],
  });
  const func = new FunctionsFunction(scope, "Function", {
    applicationId: app.id,
    displayName: `${props.name}-fn`,
    image: fn.image,
    memoryInMbs: String(fn.memoryInMbs),
    timeoutInSeconds: fn.timeoutInSeconds,
    config: { UPST_SECRET_OCID: secret.id, UPST_SESSION_MINUTES: String(fn.sessionMinutes) },
  });
  const group = new DynamicResourceGroup(scope, "FunctionGroup", {
    domain: props.domain,
    name: `${props.name}-fn-dg`,
    matchingRule: `ALL {resource.type = 'fnfunc', resource.id = '${func.id}'}`,
  });
  const policy = new GroupPolicy(scope, "FunctionPolicy", {
    group,
    compartmentId: props.compartmentId,
    name: `${props.name}-fn-policy`,
    description: "The UPST broker function may read the bundle of its one secret. Managed by Terraform.",
    statements: [
      `read secret-bundles in compartment id ${props.compartmentId} where target.secret.id = '${secret.id}'`,
    ],
  });
  return { function: func, policy };
}

/**
 * The gateway, a dynamic group of that one gateway that may use functions in the compartment, and the deployment
 * that accepts the domain's access tokens for the resource server when they carry the scope.
 */
function brokerGateway(scope: Construct, props: UpstBrokerProps, gw: GatewaySettings, func: FunctionsFunction) {
  const gateway = new ApigatewayGateway(scope, "Gateway", {
    compartmentId: props.compartmentId,
    displayName: `${props.name}-gw`,
    endpointType: gw.endpointType,
    subnetId: gw.subnetId,
  });
  const group = new DynamicResourceGroup(scope, "GatewayGroup", {
    domain: props.domain,
    name: `${props.name}-gw-dg`,
    matchingRule: `ALL {resource.type = 'ApiGateway', resource.id = '${gateway.id}'}`,
  });
  const policy = new GroupPolicy(scope, "GatewayPolicy", {
    group,
    compartmentId: props.compartmentId,
    name: `${props.name}-gw-policy`,
    description: "The UPST broker gateway may invoke functions in its compartment. Managed by Terraform.",
    statements: [`use functions-family in compartment id ${props.compartmentId}`],
  });
  const deployment = new ApigatewayDeployment(scope, "Deployment", {
    compartmentId: props.compartmentId,
    gatewayId: gateway.id,
    displayName: `${props.name}-deployment`,
    pathPrefix: gw.pathPrefix,
    specification: {
      requestPolicies: {
        authentication: {
          type: "TOKEN_AUTHENTICATION",
          tokenHeader: "Authorization",
          tokenAuthScheme: "Bearer",
          isAnonymousAccessAllowed: false,
          validationPolicy: {
            type: "REMOTE_JWKS",
            uri: domainJwksUri(props.domain),
            maxCacheDurationInHours: 1,
            additionalValidationPolicy: { issuers: DOMAIN_TOKEN_ISSUERS, audiences: [gw.resourceServer.audience] },
          },
        },
      },
      routes: [
        {
          path: gw.routePath,
          methods: ["POST"],
          backend: { type: "ORACLE_FUNCTIONS_BACKEND", functionId: func.id },
          requestPolicies: { authorization: { type: "ANY_OF", allowedScope: [gw.scope] } },
        },
      ],
    },
  });
  return { gateway, deployment, policy, endpoint: `https://${gateway.hostname}${gw.pathPrefix}${gw.routePath}` };
}
