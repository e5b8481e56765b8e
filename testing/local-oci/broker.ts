/**
 * The broker stack's services in the local OCI, to the depth the provider creates, reads, updates and deletes them
 * (paths, base paths and shapes from Oracle's Go SDK: `keymanagement`, `vault`, `secrets`, `functions`,
 * `apigateway`), and what a call through the deployed broker needs at run time:
 * - Vault/KMS: vaults and keys (created ACTIVE/ENABLED; deletion is scheduled, `PENDING_DELETION`, as OCI keeps them
 *   7–30 days), secrets with versions (`UpdateSecret` with new content adds one), and GetSecretBundle, answered only
 *   to a resource principal a live policy lets read that secret;
 * - Functions: applications and functions; a function's "image" is never run: invoking it runs this project's
 *   broker handler (functions/upst-broker) with the function's configuration and a resource principal the local
 *   OCI mints for it;
 * - API Gateway: gateways and deployments through work requests, and the deployment's data plane at its `endpoint`:
 *   TOKEN_AUTHENTICATION against the stored validation policy (JWKS at the domain's SigningCert URL, issuers,
 *   audiences) and the route's ANY_OF scopes, then the function backend;
 * - GenerateUserSecurityToken (`POST /v1/token/upst/actions/GenerateUpst`), signed with a domain user's API key.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBroker } from "../../functions/upst-broker/src/handler";
import { verifiedClaims } from "../oci-signature";
import { type Answer, type Authority, type Call, jsonBody, ocid, ociError, type Route } from "./core";
import type { Iam } from "./iam";
import type { ScimStore } from "./scim";

type Res = Record<string, any>;

const NOT_FOUND = ociError(404, "NotAuthorizedOrNotFound", "Authorization failed or requested resource not found.");

export class Broker {
  readonly vaults = new Map<string, Res>();
  readonly keys = new Map<string, Res>();
  readonly secrets = new Map<string, Res & { versions: string[] }>();
  readonly applications = new Map<string, Res>();
  readonly functions = new Map<string, Res>();
  readonly gateways = new Map<string, Res>();
  readonly deployments = new Map<string, Res>();
  readonly workRequests = new Map<string, Res>();
  /** Secret bundles read, by secret id, in order. */
  readonly bundleReads: string[] = [];
  /** GenerateUpst calls answered: the user OCID and minutes. */
  readonly upstCalls: Array<{ user: string; minutes: number }> = [];
  /** Why each refused data-plane call was refused. */
  readonly refusals: string[] = [];
  /** Lines the broker handler logged. */
  readonly functionLogs: string[] = [];
  private readonly scratch = mkdtempSync(join(tmpdir(), "local-oci-fn-"));

  constructor(
    readonly tenancy: string,
    readonly region: string,
    private readonly baseUrl: () => string,
    private readonly authority: Authority,
    private readonly scim: ScimStore,
    private readonly iam: Iam,
  ) {}

  /** Live resources (scheduled deletions and deleted ones are not). */
  count(): number {
    const live = (m: Map<string, Res>) =>
      [...m.values()].filter((r) => !["DELETED", "PENDING_DELETION"].includes(r.lifecycleState)).length;
    return [this.vaults, this.keys, this.secrets, this.applications, this.functions, this.gateways, this.deployments]
      .map(live)
      .reduce((a, b) => a + b, 0);
  }

  /** Adds a secret version with this (base64) content, as `oci vault secret update-base64` does. */
  addSecretVersion(secretId: string, content: string): void {
    const s = this.secrets.get(secretId);
    if (!s) throw new Error(`no secret ${secretId}`);
    s.versions.push(content);
    s.currentVersionNumber = s.versions.length;
  }

  close(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }

  routes(): Route[] {
    const r = (method: string, path: RegExp, handle: (c: Call) => Answer | Promise<Answer>): Route => ({
      method,
      path,
      auth: "signed",
      handle,
    });
    const kms = "/20180608";
    return [
      r("POST", new RegExp(`^${kms}/vaults$`), (c) => this.create(c, this.vaults, "vault", (b) => this.vault(b))),
      r("GET", new RegExp(`^${kms}/vaults/([^/]+)$`), (c) => this.read(this.vaults, c.params[0])),
      r("PUT", new RegExp(`^${kms}/vaults/([^/]+)$`), (c) => this.update(c, this.vaults)),
      r("POST", new RegExp(`^${kms}/vaults/([^/]+)/actions/scheduleDeletion$`), (c) => this.schedule(this.vaults, c)),
      r("POST", new RegExp(`^${kms}/keys$`), (c) => this.create(c, this.keys, "key", (b) => this.key(b))),
      r("GET", new RegExp(`^${kms}/keys/([^/]+)$`), (c) => this.read(this.keys, c.params[0])),
      r("PUT", new RegExp(`^${kms}/keys/([^/]+)$`), (c) => this.update(c, this.keys)),
      r("POST", new RegExp(`^${kms}/keys/([^/]+)/actions/scheduleDeletion$`), (c) => this.schedule(this.keys, c)),
      r("POST", new RegExp(`^${kms}/secrets$`), (c) => this.createSecret(c)),
      r("GET", new RegExp(`^${kms}/secrets/([^/]+)$`), (c) => this.read(this.secrets, c.params[0], ["versions"])),
      r("PUT", new RegExp(`^${kms}/secrets/([^/]+)$`), (c) => this.updateSecret(c)),
      r("POST", new RegExp(`^${kms}/secrets/([^/]+)/actions/scheduleDeletion$`), (c) => this.schedule(this.secrets, c)),
      r("GET", /^\/20190301\/secretbundles\/([^/]+)$/, (c) => this.secretBundle(c)),
      r("POST", /^\/20181201\/applications$/, (c) => this.create(c, this.applications, "fnapp", (b) => this.app(b))),
      r("GET", /^\/20181201\/applications\/([^/]+)$/, (c) => this.read(this.applications, c.params[0])),
      r("PUT", /^\/20181201\/applications\/([^/]+)$/, (c) => this.update(c, this.applications)),
      r("DELETE", /^\/20181201\/applications\/([^/]+)$/, (c) => this.remove(this.applications, c.params[0])),
      r("POST", /^\/20181201\/functions$/, (c) => this.create(c, this.functions, "fnfunc", (b) => this.fn(b))),
      r("GET", /^\/20181201\/functions\/([^/]+)$/, (c) => this.read(this.functions, c.params[0])),
      r("PUT", /^\/20181201\/functions\/([^/]+)$/, (c) => this.update(c, this.functions)),
      r("DELETE", /^\/20181201\/functions\/([^/]+)$/, (c) => this.remove(this.functions, c.params[0])),
      r("POST", /^\/20190501\/gateways$/, (c) =>
        this.createAsync(c, this.gateways, "apigateway", "gateway", (b) => this.gw(b)),
      ),
      r("GET", /^\/20190501\/gateways\/([^/]+)$/, (c) => this.read(this.gateways, c.params[0])),
      r("PUT", /^\/20190501\/gateways\/([^/]+)$/, (c) => this.updateAsync(c, this.gateways, "gateway")),
      r("DELETE", /^\/20190501\/gateways\/([^/]+)$/, (c) => this.removeAsync(c, this.gateways, "gateway")),
      r("POST", /^\/20190501\/deployments$/, (c) =>
        this.createAsync(c, this.deployments, "apideployment", "deployment", (b) => this.deployment(b)),
      ),
      r("GET", /^\/20190501\/deployments\/([^/]+)$/, (c) => this.read(this.deployments, c.params[0])),
      r("PUT", /^\/20190501\/deployments\/([^/]+)$/, (c) => this.updateAsync(c, this.deployments, "deployment")),
      r("DELETE", /^\/20190501\/deployments\/([^/]+)$/, (c) => this.removeAsync(c, this.deployments, "deployment")),
      r("GET", /^\/20190501\/workRequests\/([^/]+)$/, (c) => this.read(this.workRequests, c.params[0])),
      r("GET", /^\/20190501\/workRequests\/([^/]+)\/errors$/, () => ({ status: 200, body: { items: [] } })),
      r("POST", /^\/v1\/token\/upst\/actions\/GenerateUpst$/, (c) => this.generateUpst(c)),
      { method: "POST", path: /^\/_gateway\/([^/]+)(\/.*)$/, auth: "open", handle: (c) => this.gatewayCall(c) },
    ];
  }

  // ---- control plane -------------------------------------------------------------------------------------------

  private base(b: Res, type: string): Res {
    const now = new Date().toISOString();
    return {
      ...b,
      id: ocid(type, "iad"),
      timeCreated: now,
      timeUpdated: now,
      freeformTags: b.freeformTags ?? {},
      definedTags: b.definedTags ?? {},
      systemTags: {},
    };
  }

  private vault(b: Res): Res {
    return {
      ...b,
      lifecycleState: "ACTIVE",
      cryptoEndpoint: this.baseUrl(),
      managementEndpoint: this.baseUrl(),
      wrappingkeyId: ocid("key", "iad"),
      isPrimary: true,
      isVaultReplicable: false,
    };
  }

  private key(b: Res): Res {
    if (!b.vaultId) {
      const vault = [...this.vaults.values()].find((v) => v.lifecycleState === "ACTIVE");
      b.vaultId = vault?.id;
    }
    return {
      ...b,
      lifecycleState: "ENABLED",
      currentKeyVersion: ocid("keyversion", "iad"),
      protectionMode: b.protectionMode ?? "HSM",
      isPrimary: true,
      isAutoRotationEnabled: false,
    };
  }

  private app(b: Res): Res {
    return {
      ...b,
      lifecycleState: "ACTIVE",
      config: b.config ?? {},
      networkSecurityGroupIds: b.networkSecurityGroupIds ?? [],
      shape: b.shape ?? "GENERIC_X86",
    };
  }

  private fn(b: Res): Res | Answer {
    const app = this.applications.get(b.applicationId);
    if (app?.lifecycleState !== "ACTIVE")
      return ociError(404, "NotAuthorizedOrNotFound", `no application ${b.applicationId}`);
    return {
      ...b,
      compartmentId: app.compartmentId,
      lifecycleState: "ACTIVE",
      config: b.config ?? {},
      imageDigest: `sha256:${randomUUID().replace(/-/g, "")}`,
      shape: app.shape,
      invokeEndpoint: this.baseUrl(),
    };
  }

  private gw(b: Res): Res {
    return {
      ...b,
      lifecycleState: "ACTIVE",
      hostname: "127.0.0.1",
      networkSecurityGroupIds: [],
      ipAddresses: [{ ipAddress: "127.0.0.1" }],
      responseCacheDetails: { type: "NONE" },
      caBundles: [],
    };
  }

  private deployment(b: Res): Res | Answer {
    const gw = this.gateways.get(b.gatewayId);
    if (gw?.lifecycleState !== "ACTIVE") return ociError(404, "NotAuthorizedOrNotFound", `no gateway ${b.gatewayId}`);
    return { ...b, lifecycleState: "ACTIVE" };
  }

  private create(c: Call, store: Map<string, Res>, type: string, make: (b: Res) => Res | Answer): Answer {
    const b = jsonBody(c.body);
    if (!b) return ociError(400, "InvalidParameter", "The body is not a JSON object.");
    const made = make(b);
    if ("status" in made && typeof made.status === "number" && !("id" in made)) return made as Answer;
    const r = { ...this.base(made as Res, type) };
    if (type === "apideployment") r.endpoint = `${this.baseUrl()}/_gateway/${r.gatewayId}${r.pathPrefix}`;
    store.set(r.id, r);
    return { status: 200, body: r, headers: { etag: randomUUID() } };
  }

  private read(store: Map<string, Res>, id: string, hidden: string[] = []): Answer {
    const r = store.get(id);
    if (!r) return NOT_FOUND;
    const body = Object.fromEntries(Object.entries(r).filter(([k]) => !hidden.includes(k)));
    return { status: 200, body, headers: { etag: randomUUID() } };
  }

  private update(c: Call, store: Map<string, Res>): Answer {
    const r = store.get(c.params[0]);
    if (!r || ["DELETED", "PENDING_DELETION"].includes(r.lifecycleState)) return NOT_FOUND;
    const b = jsonBody(c.body);
    if (!b) return ociError(400, "InvalidParameter", "The body is not a JSON object.");
    Object.assign(r, b, { timeUpdated: new Date().toISOString() });
    return { status: 200, body: r, headers: { etag: randomUUID() } };
  }

  private schedule(store: Map<string, Res>, c: Call): Answer {
    const r = store.get(c.params[0]);
    if (!r || ["DELETED", "PENDING_DELETION"].includes(r.lifecycleState)) return NOT_FOUND;
    r.lifecycleState = "PENDING_DELETION";
    r.timeOfDeletion = jsonBody(c.body)?.timeOfDeletion ?? new Date(Date.now() + 30 * 86400_000).toISOString();
    return { status: 200, body: r };
  }

  private remove(store: Map<string, Res>, id: string): Answer {
    const r = store.get(id);
    if (!r || r.lifecycleState === "DELETED") return NOT_FOUND;
    if (
      store === this.applications &&
      [...this.functions.values()].some((f) => f.applicationId === id && f.lifecycleState !== "DELETED")
    )
      return ociError(409, "Conflict", "The application still has functions.");
    r.lifecycleState = "DELETED";
    return { status: 204 };
  }

  private workRequest(operationType: string, entityType: string, actionType: string, r: Res): Answer["headers"] {
    const id = ocid("apigatewayworkrequest", "iad");
    const now = new Date().toISOString();
    this.workRequests.set(id, {
      id,
      operationType,
      status: "SUCCEEDED",
      compartmentId: r.compartmentId,
      resources: [{ entityType, actionType, identifier: r.id, entityUri: `/${entityType}s/${r.id}` }],
      percentComplete: 100,
      timeAccepted: now,
      timeStarted: now,
      timeFinished: now,
    });
    return { "opc-work-request-id": id };
  }

  private createAsync(
    c: Call,
    store: Map<string, Res>,
    type: string,
    entity: string,
    make: (b: Res) => Res | Answer,
  ): Answer {
    const a = this.create(c, store, type, make);
    if (a.status !== 200) return a;
    const r = a.body as Res;
    return { ...a, headers: this.workRequest(`CREATE_${entity.toUpperCase()}`, entity, "CREATED", r) };
  }

  private updateAsync(c: Call, store: Map<string, Res>, entity: string): Answer {
    const a = this.update(c, store);
    if (a.status !== 200) return a;
    return {
      status: 202,
      headers: this.workRequest(`UPDATE_${entity.toUpperCase()}`, entity, "UPDATED", a.body as Res),
    };
  }

  private removeAsync(c: Call, store: Map<string, Res>, entity: string): Answer {
    const r = store.get(c.params[0]);
    if (!r || r.lifecycleState === "DELETED") return NOT_FOUND;
    if (
      entity === "gateway" &&
      [...this.deployments.values()].some((d) => d.gatewayId === r.id && d.lifecycleState !== "DELETED")
    )
      return ociError(409, "Conflict", "The gateway still has deployments.");
    r.lifecycleState = "DELETED";
    return { status: 202, headers: this.workRequest(`DELETE_${entity.toUpperCase()}`, entity, "DELETED", r) };
  }

  private createSecret(c: Call): Answer {
    const b = jsonBody(c.body);
    if (!b) return ociError(400, "InvalidParameter", "The body is not a JSON object.");
    if (!b.vaultId || !b.secretName || !b.compartmentId)
      return ociError(400, "MissingParameter", "compartmentId, secretName and vaultId are required.");
    const clash = [...this.secrets.values()].find(
      (s) => s.vaultId === b.vaultId && s.secretName === b.secretName && s.lifecycleState !== "DELETED",
    );
    if (clash) return ociError(409, "Conflict", `A secret named ${b.secretName} already exists in the vault.`);
    const { secretContent, ...rest } = b;
    const content = secretContent?.content;
    if (secretContent && secretContent.contentType !== "BASE64")
      return ociError(400, "InvalidParameter", "secretContent.contentType must be BASE64.");
    const s: Res & { versions: string[] } = {
      ...this.base(rest, "vaultsecret"),
      lifecycleState: "ACTIVE",
      currentVersionNumber: 1,
      secretRules: rest.secretRules ?? [],
      isAutoGenerationEnabled: false,
      versions: [typeof content === "string" ? content : ""],
    };
    this.secrets.set(s.id, s);
    const { versions: _v, ...body } = s;
    return { status: 200, body };
  }

  private updateSecret(c: Call): Answer {
    const s = this.secrets.get(c.params[0]);
    if (s?.lifecycleState !== "ACTIVE") return NOT_FOUND;
    const b = jsonBody(c.body);
    if (!b) return ociError(400, "InvalidParameter", "The body is not a JSON object.");
    const { secretContent, ...rest } = b;
    Object.assign(s, rest, { timeUpdated: new Date().toISOString() });
    if (typeof secretContent?.content === "string") this.addSecretVersion(s.id, secretContent.content);
    const { versions: _v, ...body } = s;
    return { status: 200, body };
  }

  // ---- data plane ----------------------------------------------------------------------------------------------

  /**
   * GetSecretBundle, for a resource principal only, and only when a live policy grants `read secret-bundles … where
   * target.secret.id = '<id>'` (or all secret bundles of a compartment) to a dynamic group whose matching rule
   * names the caller's resource.
   */
  private secretBundle(c: Call): Answer {
    const s = this.secrets.get(c.params[0]);
    const p = c.principal!;
    if (s?.lifecycleState !== "ACTIVE" || p.kind !== "resource" || !this.mayReadSecret(p.id, s.id)) {
      this.refusals.push(`secret bundle ${c.params[0]} refused to ${p.via}:${p.id}`);
      return NOT_FOUND;
    }
    this.bundleReads.push(s.id);
    return {
      status: 200,
      body: {
        secretId: s.id,
        versionNumber: s.versions.length,
        timeCreated: s.timeCreated,
        stages: ["CURRENT", "LATEST"],
        secretBundleContent: { contentType: "BASE64", content: s.versions.at(-1) },
      },
    };
  }

  /** Whether a dynamic group naming `resourceId` is granted `read secret-bundles` on `secretId` by a live policy. */
  mayReadSecret(resourceId: string, secretId: string): boolean {
    const groups = this.scim
      .all("DynamicResourceGroups")
      .filter((g) => String(g.matchingRule ?? "").includes(`'${resourceId}'`))
      .map((g) => String(g.displayName));
    return this.iam.livePolicies().some((policy) =>
      policy.statements.some((st) => {
        const m =
          /^allow\s+dynamic-group\s+(?:'[^']*'\/)?'?([^'\s]+)'?\s+to\s+read\s+secret-bundles\s+in\s+\S+(?:\s+id)?\s+\S+(?:\s+where\s+(.*))?$/i.exec(
            st,
          );
        if (!m || !groups.includes(m[1])) return false;
        return m[2] === undefined || m[2].includes(`target.secret.id = '${secretId}'`);
      }),
    );
  }

  /** GenerateUserSecurityToken: the caller signs with a domain user's API key and gets a UPST bound to its key. */
  private generateUpst(c: Call): Answer {
    const p = c.principal!;
    if (p.via !== "apikey") return ociError(401, "NotAuthenticated", "GenerateUpst takes an API key signature here.");
    const b = jsonBody(c.body);
    const minutes = b?.sessionExpirationInMinutes ?? 60;
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 60)
      return ociError(400, "InvalidParameter", "sessionExpirationInMinutes must be 5 to 60.");
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey(String(b?.publicKey));
    } catch {
      return ociError(400, "InvalidParameter", "publicKey must be a PEM public key.");
    }
    const { token } = this.authority.issueUpst({ user: p.id, tenancy: p.tenancy, publicKey, seconds: minutes * 60 });
    this.upstCalls.push({ user: p.id, minutes });
    return { status: 200, body: { token } };
  }

  /** A call to a deployment's endpoint: the stored authentication and route policies, then the function. */
  private async gatewayCall(c: Call): Promise<Answer> {
    const [gatewayId, path] = c.params;
    const refuse = (status: number, reason: string): Answer => {
      this.refusals.push(reason);
      return {
        status,
        body: { message: status === 401 ? "Unauthorized" : status === 404 ? "Not Found" : "Forbidden", code: status },
      };
    };
    const dep = [...this.deployments.values()].find(
      (d) => d.gatewayId === gatewayId && d.lifecycleState === "ACTIVE" && path.startsWith(d.pathPrefix),
    );
    const route = dep?.specification?.routes?.find(
      (r: Res) =>
        `${dep.pathPrefix}${r.path}` === path &&
        (r.methods ?? ["ANY"]).some((m: string) => m === "ANY" || m === c.method),
    );
    if (!dep || !route) return refuse(404, `no route ${c.method} ${path}`);
    const auth = dep.specification.requestPolicies?.authentication;
    let claims: Res | undefined;
    if (auth?.type === "TOKEN_AUTHENTICATION") {
      const header = String(c.req.headers[String(auth.tokenHeader ?? "authorization").toLowerCase()] ?? "");
      const m = new RegExp(`^${auth.tokenAuthScheme ?? "Bearer"} ([A-Za-z0-9._-]+)$`).exec(header);
      if (!m) return refuse(401, "no bearer token");
      const policy = auth.validationPolicy;
      if (policy?.type !== "REMOTE_JWKS" || policy.uri !== `${this.scim.domainUrl()}/admin/v1/SigningCert/jwk`)
        return refuse(401, `cannot fetch the keys at ${policy?.uri}`);
      claims = verifiedClaims(m[1], this.authority.publicKey);
      if (!claims) return refuse(401, "token signature does not verify");
      const extra = policy.additionalValidationPolicy ?? {};
      if (extra.issuers && !extra.issuers.includes(claims.iss)) return refuse(401, "issuer not accepted");
      const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (extra.audiences && !aud.some((a: string) => extra.audiences.includes(a)))
        return refuse(401, "audience not accepted");
      if (typeof claims.exp !== "number" || claims.exp <= Date.now() / 1000) return refuse(401, "token expired");
    } else if (!auth?.isAnonymousAccessAllowed) {
      return refuse(401, "no authentication policy");
    }
    const authz = route.requestPolicies?.authorization;
    if (authz?.type === "ANY_OF") {
      const scopes = typeof claims?.scope === "string" ? claims.scope.split(" ") : [];
      if (!authz.allowedScope.some((s: string) => scopes.includes(s))) return refuse(403, "scope missing");
    }
    if (route.backend?.type !== "ORACLE_FUNCTIONS_BACKEND") return refuse(502, "not a function backend");
    const fn = this.functions.get(route.backend.functionId);
    if (fn?.lifecycleState !== "ACTIVE") return refuse(502, `no function ${route.backend.functionId}`);
    return this.invoke(fn, c);
  }

  /** Runs the broker handler as the function would run: its configuration, and a resource principal for it. */
  private async invoke(fn: Res, c: Call): Promise<Answer> {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const { token: rpst } = this.authority.issueRpst({
      sub: fn.id,
      tenancy: this.tenancy,
      compartment: fn.compartmentId,
      resType: "fnfunc",
      publicKey,
      seconds: 1200,
      extra: { res_id: fn.id },
    });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const dir = mkdtempSync(join(this.scratch, "rp-"));
    writeFileSync(join(dir, "rpst"), rpst, { mode: 0o600 });
    writeFileSync(join(dir, "rp.pem"), pem, { mode: 0o600 });
    const broker = createBroker({
      env: {
        ...fn.config,
        OCI_RESOURCE_PRINCIPAL_VERSION: "2.2",
        OCI_RESOURCE_PRINCIPAL_RPST: join(dir, "rpst"),
        OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: join(dir, "rp.pem"),
        OCI_RESOURCE_PRINCIPAL_REGION: this.region,
      },
      resourcePrincipal: () =>
        ({ getKeyId: async () => `ST$${rpst}`, getPrivateKey: () => pem, getPassphrase: () => null }) as never,
      secretsEndpoint: this.baseUrl(),
      authEndpoint: this.baseUrl(),
      log: (l) => this.functionLogs.push(l),
    });
    const headers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(c.req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v : [v];
    const answer = await broker.handle(c.body, headers);
    return { status: answer.status, raw: answer.body, headers: answer.headers };
  }
}
