import { Construct } from "constructs";
import type { WifConfig } from "../config/model";
import { BrokerAccount } from "../constructs/broker-account";
import { GroupPolicy } from "../constructs/group-policy";
import { IdentityDomain, type IIdentityDomain } from "../constructs/identity-domain";
import { OAuthClient } from "../constructs/oauth-client";
import { PropagationTrust } from "../constructs/propagation-trust";
import { ResourceServer } from "../constructs/resource-server";
import { RuntimeConfigFile } from "../constructs/runtime-config-file";
import { ServiceUser } from "../constructs/service-user";
import { TokenExchangeClient } from "../constructs/token-exchange-client";
import { UpstBroker } from "../constructs/upst-broker";
import { trustIds } from "../core/construct-ids";
import { DomainOcidLookup, WorkloadGrant } from "../constructs/workload-grant";
import { literalStack } from "../constructs/private/literal";

/** Props of {@link WorkloadIdentityFederation}. */
export interface WorkloadIdentityFederationProps {
  /** The loaded setupConfig.ini. */
  readonly config: WifConfig;
  /**
   * Where runtimeConfig.ini is written, as Terraform's working directory sees it.
   * @default - `config.runtimeConfigPath` (absolute)
   */
  readonly runtimeConfigPath?: string;
}

/**
 * The whole JWT-to-UPST set-up of one identity domain, from a loaded config: the token-exchange client, one
 * trust per issuer, a service user with its group and policy per `[ServiceUser]`, the rules that map tokens to
 * users, and runtimeConfig.ini.
 *
 * Construct IDs derive from stable keys (the issuer, the user name), never from positions in the file, so
 * reordering sections or rules, or renaming a display name, keeps every resource's logical ID.
 */
export class WorkloadIdentityFederation extends Construct {
  public readonly domain: IIdentityDomain;
  public readonly client: TokenExchangeClient;
  /** By trust label. */
  public readonly trusts: ReadonlyMap<string, PropagationTrust>;
  /** By user name. */
  public readonly serviceUsers: ReadonlyMap<string, ServiceUser>;
  /** By user name; users without statements have none. */
  public readonly policies: ReadonlyMap<string, GroupPolicy>;
  public readonly runtimeConfig: RuntimeConfigFile;
  /** By label. */
  public readonly resourceServers: ReadonlyMap<string, ResourceServer>;
  /** By label. */
  public readonly oauthClients: ReadonlyMap<string, OAuthClient>;
  /** `[Workload]` grants by label; empty without workloads. */
  public readonly workloadGrants: ReadonlyMap<string, WorkloadGrant>;
  /** By label, with the account whose tokens each hands out. */
  public readonly upstBrokers: ReadonlyMap<
    string,
    { broker: UpstBroker; account: BrokerAccount; policy?: GroupPolicy }
  >;

  constructor(scope: Construct, id: string, props: WorkloadIdentityFederationProps) {
    super(scope, id);
    literalStack(this);
    const { config } = props;
    this.domain = IdentityDomain.fromUrl(config.domain.url, config.domain.name);
    const domain = this.domain;

    // One helper per kind of section. The order of the calls is the order of resources in the stack; construct
    // IDs are set in the helpers, on this construct, from stable keys.
    this.client = new TokenExchangeClient(this, "TokenExchangeClient", {
      domain,
      displayName: config.exchangeApp.displayName,
      description: config.exchangeApp.description,
      active: config.retired?.exchangeApp ? false : undefined,
    });
    this.trusts = addTrusts(this, domain, config, this.client);
    ({ users: this.serviceUsers, policies: this.policies } = addServiceUsers(this, domain, config, this.trusts));
    this.workloadGrants = grantWorkloads(this, config, this.trusts);
    this.runtimeConfig = new RuntimeConfigFile(this, "RuntimeConfig", {
      domain,
      client: this.client,
      path: props.runtimeConfigPath ?? config.runtimeConfigPath,
      tenancyOcid: config.oci.tenancyOcid,
      region: config.oci.region,
      profileName: config.profileName,
      trusts: config.trusts.map((t) => ({ label: t.label, issuer: t.issuer, audiences: t.audiences })),
    });
    this.resourceServers = addResourceServers(this, domain, config);
    this.oauthClients = addOAuthClients(this, domain, config, this.resourceServers);
    this.upstBrokers = addUpstBrokers(this, domain, config, this.resourceServers);
  }
}

/** Where policies live: the configured compartment, else the tenancy (the loader requires one of them). */
function policyCompartment(config: WifConfig): string {
  return (config.oci.compartmentOcid ?? config.oci.tenancyOcid)!;
}

function addTrusts(scope: Construct, domain: IIdentityDomain, config: WifConfig, client: TokenExchangeClient) {
  const retired = config.retired;
  const trusts = new Map<string, PropagationTrust>();
  const ids = trustIds(config.trusts.map((t) => t.issuer));
  for (const t of config.trusts) {
    const trust = new PropagationTrust(scope, ids.get(t.issuer)!, {
      domain,
      name: t.name,
      issuer: t.issuer,
      publicKeyEndpoint: t.jwksUri,
      publicCertificate: t.publicCertificate,
      clients: [client],
      audiences: t.audiences,
      audienceClaim: t.audienceClaim,
      clockSkewSeconds: t.clockSkewSeconds,
      allowWildcardRules: t.allowWildcardRules,
      description: t.description,
      // Retired: deactivated in this apply, so that clients stop before the next apply deletes it.
      active: retired?.trusts.includes(t.label) ? false : undefined,
      mode: t.mode,
      subjectClaim: t.userMapping?.claim,
      userAttribute: t.userMapping?.attribute,
      impersonatingResource: t.resourceLabel,
      propagatedClaims: t.propagatedClaims,
      claimValidations: t.claimValidations,
    });
    trusts.set(t.label, trust);
  }
  return trusts;
}

/** Each service user with its group, its rules added to its trust, and its policy when it has statements. */
function addServiceUsers(
  scope: Construct,
  domain: IIdentityDomain,
  config: WifConfig,
  trusts: ReadonlyMap<string, PropagationTrust>,
) {
  const users = new Map<string, ServiceUser>();
  const policies = new Map<string, GroupPolicy>();
  for (const u of config.serviceUsers) {
    const retired = config.retired?.serviceUsers.includes(u.userName);
    const user = new ServiceUser(scope, `ServiceUser-${u.userName}`, {
      domain,
      userName: u.userName,
      groupName: u.groupName,
      description: u.description,
      retired: retired || undefined,
    });
    users.set(u.userName, user);
    // Retired: its rules and policy go in this apply, so that the next one can delete the user.
    if (retired) continue;
    const trust = trusts.get(u.trust)!;
    for (const r of u.rules) trust.addImpersonation(r.rule, user);
    if (u.statements.length) {
      const policy = new GroupPolicy(scope, `Policy-${u.userName}`, {
        group: user,
        compartmentId: policyCompartment(config),
        statements: u.statements,
        name: u.policyName,
        description: config.policyDescriptions?.[u.userName],
      });
      policies.set(u.userName, policy);
    }
  }
  return { users, policies };
}

function addResourceServers(scope: Construct, domain: IIdentityDomain, config: WifConfig) {
  const servers = new Map<string, ResourceServer>();
  for (const r of config.resourceServers) {
    const server = new ResourceServer(scope, `ResourceServer-${r.label}`, {
      domain,
      displayName: r.displayName,
      audience: r.audience,
      scopes: r.scopes,
      accessTokenExpiry: r.accessTokenExpiry,
      refreshTokenExpiry: r.refreshTokenExpiry,
      active: config.retired?.resourceServers.includes(r.label) ? false : undefined,
    });
    servers.set(r.label, server);
  }
  return servers;
}

function addOAuthClients(
  scope: Construct,
  domain: IIdentityDomain,
  config: WifConfig,
  servers: ReadonlyMap<string, ResourceServer>,
) {
  const clients = new Map<string, OAuthClient>();
  for (const c of config.oauthClients) {
    const client = new OAuthClient(scope, `OAuthClient-${c.label}`, {
      domain,
      displayName: c.displayName,
      active: config.retired?.oauthClients.includes(c.label) ? false : undefined,
      scopes: c.scopes.map((g) =>
        "fqs" in g ? { fqs: g.fqs } : { resourceServer: servers.get(g.server)!, scope: g.scope },
      ),
    });
    clients.set(c.label, client);
  }
  return clients;
}

/** Each broker with its account (and the account's policy when it has statements). */
function addUpstBrokers(
  scope: Construct,
  domain: IIdentityDomain,
  config: WifConfig,
  servers: ReadonlyMap<string, ResourceServer>,
) {
  const brokers = new Map<string, { broker: UpstBroker; account: BrokerAccount; policy?: GroupPolicy }>();
  for (const b of config.upstBrokers) {
    const account = new BrokerAccount(scope, `BrokerAccount-${b.label}`, {
      domain,
      userName: b.accountUserName,
      email: b.accountEmail,
      publicKeyPem: b.publicKeyPem,
      groupName: b.groupName,
    });
    const policy = b.statements.length
      ? new GroupPolicy(scope, `BrokerAccountPolicy-${b.label}`, {
          group: account,
          compartmentId: policyCompartment(config),
          statements: b.statements,
          name: `${b.groupName}-policy`,
        })
      : undefined;
    const broker = new UpstBroker(scope, `UpstBroker-${b.label}`, {
      domain,
      compartmentId: b.compartmentOcid,
      tenancyOcid: config.oci.tenancyOcid!,
      region: config.oci.region!,
      account,
      name: b.label,
      vault: b.vault,
      keyProtectionMode: b.keyProtection,
      function: b.function && {
        subnetIds: b.function.subnetIds,
        image: b.function.image,
        memoryInMbs: b.function.memoryMb,
        timeoutInSeconds: b.function.timeoutSeconds,
        sessionMinutes: b.function.sessionMinutes,
      },
      gateway: b.gateway && {
        subnetId: b.gateway.subnetId,
        endpointType: b.gateway.endpointType,
        resourceServer: servers.get(b.gateway.resourceServer)!,
        scope: b.gateway.scope,
        pathPrefix: b.gateway.pathPrefix,
        routePath: b.gateway.routePath,
      },
    });
    brokers.set(b.label, { broker, account, policy });
  }
  return brokers;
}

/** One WorkloadGrant per `[Workload]`; the domain OCID from the config, else one lookup shared by all of them. */
function grantWorkloads(scope: Construct, config: WifConfig, trusts: ReadonlyMap<string, PropagationTrust>) {
  const grants = new Map<string, WorkloadGrant>();
  const workloads = config.workloads ?? [];
  if (!workloads.length) return grants;
  const domain = IdentityDomain.fromUrl(config.domain.url, config.domain.name);
  const domainOcid =
    config.domainOcid ??
    new DomainOcidLookup(scope, "DomainOcid", {
      domain,
      compartmentId: (config.oci.tenancyOcid ?? config.oci.compartmentOcid)!,
    }).domainOcid;
  for (const w of workloads) {
    grants.set(
      w.label,
      new WorkloadGrant(scope, `Workload-${w.label}`, {
        trust: trusts.get(w.trust)!,
        domainOcid,
        compartmentId: policyCompartment(config),
        name: w.policyName,
        statements: w.statements,
        claims: w.claims,
      }),
    );
  }
  return grants;
}
