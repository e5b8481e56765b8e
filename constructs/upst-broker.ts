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
import { isHttpsUrl, PropChecker } from "./validation";
import { DOMAIN_TOKEN_ISSUERS, SESSION_MINUTES_MAX, SESSION_MINUTES_MIN } from "../core/limits";
import { literal, literalArgument } from "./literal";

export const domainJwksUri = (domain: IIdentityDomain) => `${domain.url}/admin/v1/SigningCert/jwk`;


/** An existing Vault and master encryption key. */
export interface ExistingVault {
  readonly vaultId: string;
  readonly keyId: string;
}

/** The OCI Function that exchanges an access token for the account's UPST. */
export interface BrokerFunctionOptions {
  /** Subnets of the Functions application. */
  readonly subnetIds: readonly string[];
  /** The function's container image, `<region>.ocir.io/<namespace>/<repo>:<tag>`: you build and push it. */
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
 * A UPST broker (seed 000): an API Gateway that accepts the domain's access tokens carrying a scope, in front of an
 * OCI Function that reads the broker account's API key from a Vault secret and calls GenerateUserSecurityToken.
 *
 * Least privilege, as far as OCI policies allow: the function's dynamic group is that one function, and it may
 * only read the bundle of that one secret; the gateway's dynamic group is that one gateway, and it may only use
 * functions in the broker's compartment. Resource-principal tokens are cached for 15 minutes, so policy changes
 * take up to that long.
 */
export class UpstBroker extends Construct {
  public readonly secret: VaultSecret;
  public readonly vaultId: string;
  public readonly keyId: string;
  public readonly function?: FunctionsFunction;
  public readonly gateway?: ApigatewayGateway;
  public readonly deployment?: ApigatewayDeployment;
  /** The broker's URL, when there is a gateway. */
  public readonly endpoint?: string;
  /** Every policy the broker creates, by role ("function", "gateway"). */
  public readonly policies: ReadonlyMap<string, GroupPolicy>;

  constructor(scope: Construct, id: string, props: UpstBrokerProps) {
    super(scope, id);
    const fn = props.function;
    const gw = props.gateway;
    const sessionMinutes = fn?.sessionMinutes ?? SESSION_MINUTES_MAX;
    const pathPrefix = gw?.pathPrefix ?? "/upst";
    const routePath = gw?.routePath ?? "/token";

    const checks = new PropChecker(this, "UpstBroker");
    checks.check("name", props.name, (v) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v), "must be letters, digits, '_' or '-' (at most 64)");
    if (fn) {
      if (!Number.isInteger(sessionMinutes) || sessionMinutes < SESSION_MINUTES_MIN || sessionMinutes > SESSION_MINUTES_MAX) {
        checks.fail(
          "function.sessionMinutes",
          `must be a whole number from ${SESSION_MINUTES_MIN} to ${SESSION_MINUTES_MAX} (GenerateUserSecurityToken's sessionExpirationInMinutes)`,
          sessionMinutes,
        );
      }
      if (fn.subnetIds.length === 0) checks.fail("function.subnetIds", "must name at least one subnet", []);
      checks.check("function.image", fn.image, (v) => /^[a-z0-9.-]+\/\S+:\S+$/.test(v), "must be an image reference <registry>/<path>:<tag>");
      const memory = fn.memoryInMbs ?? 256;
      if (!Number.isInteger(memory) || memory < 128 || memory % 64 !== 0) checks.fail("function.memoryInMbs", "must be a whole number of MB, at least 128, in steps of 64", memory);
      const timeout = fn.timeoutInSeconds ?? 30;
      if (!Number.isInteger(timeout) || timeout < 1 || timeout > 300) checks.fail("function.timeoutInSeconds", "must be from 1 to 300 seconds", timeout);
    }
    if (gw) {
      if (!fn) checks.fail("gateway", "needs a function to route to", "gateway", "Configure the function too.");
      if (!gw.resourceServer.scopeValues.includes(gw.scope)) {
        checks.fail("gateway.scope", `is not a scope of resource server '${gw.resourceServer.node.path}'`, gw.scope, `Its scopes: ${gw.resourceServer.scopeValues.join(", ")}.`);
      }
      checks.check("gateway.pathPrefix", pathPrefix, (v) => /^\/[A-Za-z0-9._~/-]*$/.test(v) && !v.endsWith("/"), "must start with '/' and not end with one");
      checks.check("gateway.routePath", routePath, (v) => /^\/[A-Za-z0-9._~/-]*$/.test(v), "must start with '/'");
      checks.check("domain.url", domainJwksUri(props.domain), isHttpsUrl, "must be https, for the gateway to fetch the domain's keys");
    }
    checks.throwIfAny();

    // Vault and key: yours, or new ones.
    if (props.vault) {
      this.vaultId = props.vault.vaultId;
      this.keyId = props.vault.keyId;
    } else {
      const vault = new KmsVault(this, "Vault", literal({ compartmentId: props.compartmentId, displayName: `${props.name}-vault`, vaultType: "DEFAULT" }));
      const key = new KmsKey(this, "Key", literal({
        compartmentId: props.compartmentId,
        displayName: `${props.name}-key`,
        managementEndpoint: vault.managementEndpoint,
        keyShape: { algorithm: "AES", length: 32 },
        protectionMode: props.keyProtectionMode ?? "HSM",
      }));
      this.vaultId = vault.id;
      this.keyId = key.id;
    }

    // What the function needs to sign as the account. The private key is in it only when Terraform made it.
    const account = props.account;
    const content = Fn.base64encode(
      Fn.jsonencode({
        user: account.userOcid,
        tenancy: literalArgument(props.tenancyOcid),
        fingerprint: account.fingerprint,
        region: literalArgument(props.region),
        ...(account.privateKeyPem ? { private_key: account.privateKeyPem } : {}),
      }),
    );
    this.secret = new VaultSecret(this, "Secret", literal({
      compartmentId: props.compartmentId,
      vaultId: this.vaultId,
      keyId: this.keyId,
      secretName: `${props.name}-api-key`,
      description: `API key of ${account.userName}, for the UPST broker function. Managed by Terraform.`,
      secretContent: { contentType: "BASE64", content },
      // With your own key pair you upload the version holding the private key; Terraform must not revert it.
      lifecycle: account.privateKeyPem ? undefined : { ignoreChanges: ["secret_content"] },
    }));

    const policies = new Map<string, GroupPolicy>();
    if (fn) {
      const app = new FunctionsApplication(this, "Application", literal({
        compartmentId: props.compartmentId,
        displayName: `${props.name}-app`,
        subnetIds: [...fn.subnetIds],
      }));
      this.function = new FunctionsFunction(this, "Function", literal({
        applicationId: app.id,
        displayName: `${props.name}-fn`,
        image: fn.image,
        memoryInMbs: String(fn.memoryInMbs ?? 256),
        timeoutInSeconds: fn.timeoutInSeconds ?? 30,
        config: { UPST_SECRET_OCID: this.secret.id, UPST_SESSION_MINUTES: String(sessionMinutes) },
      }));
      const fnGroup = new DynamicResourceGroup(this, "FunctionGroup", {
        domain: props.domain,
        name: `${props.name}-fn-dg`,
        matchingRule: `ALL {resource.type = 'fnfunc', resource.id = '${this.function.id}'}`,
      });
      policies.set(
        "function",
        new GroupPolicy(this, "FunctionPolicy", {
          group: fnGroup,
          compartmentId: props.compartmentId,
          name: `${props.name}-fn-policy`,
          description: "The UPST broker function may read the bundle of its one secret. Managed by Terraform.",
          statements: [`read secret-bundles in compartment id ${props.compartmentId} where target.secret.id = '${this.secret.id}'`],
        }),
      );
    }

    if (gw && this.function) {
      this.gateway = new ApigatewayGateway(this, "Gateway", literal({
        compartmentId: props.compartmentId,
        displayName: `${props.name}-gw`,
        endpointType: gw.endpointType ?? "PUBLIC",
        subnetId: gw.subnetId,
      }));
      const gwGroup = new DynamicResourceGroup(this, "GatewayGroup", {
        domain: props.domain,
        name: `${props.name}-gw-dg`,
        matchingRule: `ALL {resource.type = 'ApiGateway', resource.id = '${this.gateway.id}'}`,
      });
      policies.set(
        "gateway",
        new GroupPolicy(this, "GatewayPolicy", {
          group: gwGroup,
          compartmentId: props.compartmentId,
          name: `${props.name}-gw-policy`,
          description: "The UPST broker gateway may invoke functions in its compartment. Managed by Terraform.",
          statements: [`use functions-family in compartment id ${props.compartmentId}`],
        }),
      );
      this.deployment = new ApigatewayDeployment(this, "Deployment", literal({
        compartmentId: props.compartmentId,
        gatewayId: this.gateway.id,
        displayName: `${props.name}-deployment`,
        pathPrefix,
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
              path: routePath,
              methods: ["POST"],
              backend: { type: "ORACLE_FUNCTIONS_BACKEND", functionId: this.function.id },
              requestPolicies: { authorization: { type: "ANY_OF", allowedScope: [gw.scope] } },
            },
          ],
        },
      }));
      this.endpoint = `https://${this.gateway.hostname}${pathPrefix}${routePath}`;
    }
    this.policies = policies;
  }
}
