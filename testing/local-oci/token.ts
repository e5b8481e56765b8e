/**
 * The identity domain's token endpoint, `POST /oauth2/v1/token`, as the local OCI serves it, deciding everything
 * from what the SCIM store holds at that moment (the trust as applied, not as synthesized):
 * - `grant_type=client_credentials`: an active confidential app with that grant, authenticated with HTTP Basic,
 *   gets an access token for the scopes it is allowed (`allowedScopes`), signed with the domain's key (served at
 *   `/admin/v1/SigningCert/jwk`), `aud` the resource server's audience, lifetime its `accessTokenExpiry`;
 * - the token exchange (docs/oci-facts.md#token-exchange, #rpst-exchange): the trust whose `issuer` is the subject
 *   token's `iss`, active, listing the client in `oauthClients`; the token's signature checked with the keys at the
 *   trust's `publicKeyEndpoint` (see {@link Issuers}); `exp`/`nbf`; the audience constraint (`clientClaimName`,
 *   `clientClaimValues`); every `claimValidations` entry; then impersonation (rules in stored order, first match),
 *   the user's own context (`subjectClaimName` → `subjectMappingAttribute`) or a resource principal
 *   (`impersonatingResource` = `res_type`, `claimPropagations`), as docs/oci-facts.md#trust-modes describes. It signs
 *   what it issues and binds the caller's public key (`jwk` claim).
 * Refusals are OAuth error bodies (`error`, `error_description`); every refusal's reason is recorded.
 */
import { createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from "node:crypto";
import type { Answer, Authority, Call, Route } from "./core";
import type { ScimResource, ScimStore } from "./scim";

export const UPST_TYPE = "urn:oci:token-type:oci-upst";
export const RPST_TYPE = "urn:oci:token-type:oci-rpst";
export const EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
/** [doc: docs/oci-facts.md#token-lifetimes] the issuer of a domain's access tokens. */
export const DOMAIN_ISSUER = "https://identity.oraclecloud.com/";
/** [doc: docs/oci-facts.md#rpst-exchange] the RPST's longest lifetime. */
const RPST_MAX_EXP = 43200;

/**
 * The OIDC issuers on "the internet" the local OCI can reach: a trust's `publicKeyEndpoint` is looked up here
 * instead of being fetched, so a trust that names a JWKS URL nobody registered fails as an unreachable one would.
 */
export class Issuers {
  private readonly byJwks = new Map<
    string,
    { issuer: string; keys: { publicKey: KeyObject; privateKey: KeyObject } }
  >();

  /** Registers an issuer and its JWKS URL; returns a function that mints its tokens. */
  add(issuer: string, jwksUrl: string): (claims: Record<string, unknown>) => string {
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.byJwks.set(jwksUrl, { issuer, keys });
    return (claims) => {
      const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
      const input = `${part({ alg: "RS256", typ: "JWT", kid: "k1" })}.${part({ iss: issuer, ...claims })}`;
      return `${input}.${sign("sha256", Buffer.from(input), keys.privateKey).toString("base64url")}`;
    };
  }

  keyAt(jwksUrl: string): KeyObject | undefined {
    return this.byJwks.get(jwksUrl)?.keys.publicKey;
  }
}

/** One token the endpoint issued, for assertions (the token itself is a secret and is not kept here). */
export interface Issued {
  readonly kind: "upst" | "rpst" | "access";
  /** The user's OCID (UPST), the RPST's `sub`, or the client ID (access token). */
  readonly subject: string;
  /** The trust that mapped it, by name (exchanges only). */
  readonly trust?: string;
  /** The rule that matched first (impersonation only). */
  readonly rule?: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

export class TokenEndpoint {
  readonly issued: Issued[] = [];
  /** Why each refused request was refused, in order. */
  readonly refusals: string[] = [];

  constructor(
    private readonly scim: ScimStore,
    private readonly authority: Authority,
    private readonly issuers: Issuers,
    private readonly tenancy: string,
  ) {}

  routes(): Route[] {
    return [
      { method: "POST", path: /^\/oauth2\/v1\/token$/, auth: "open", handle: (c) => this.token(c) },
      {
        method: "GET",
        path: /^\/admin\/v1\/SigningCert\/jwk$/,
        auth: "open",
        handle: () => ({ status: 200, body: this.authority.jwks() }),
      },
    ];
  }

  private refuse(status: number, error: string, reason: string): Answer {
    this.refusals.push(reason);
    return { status, body: { error, error_description: reason } };
  }

  private token(c: Call): Answer {
    const type = String(c.req.headers["content-type"] ?? "")
      .split(";")[0]
      .trim()
      .toLowerCase();
    if (type !== "application/x-www-form-urlencoded")
      return this.refuse(400, "invalid_request", "content-type must be application/x-www-form-urlencoded");
    const form = new URLSearchParams(c.body.toString("utf8"));
    for (const k of new Set(form.keys()))
      if (form.getAll(k).length > 1) return this.refuse(400, "invalid_request", `${k} given more than once`);
    const basic = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(String(c.req.headers.authorization ?? ""));
    const pair = basic ? Buffer.from(basic[1], "base64").toString("utf8") : "";
    const colon = pair.indexOf(":");
    const clientId = colon < 0 ? "" : pair.slice(0, colon);
    const app = this.scim.all("Apps").find((a) => a.name === clientId && a.isOAuthClient === true);
    if (!app || app.clientSecret !== pair.slice(colon + 1))
      return this.refuse(401, "invalid_client", "unknown client or wrong secret");
    if (app.active !== true) return this.refuse(401, "invalid_client", "the client app is deactivated");
    const grant = form.get("grant_type");
    if (!(app.allowedGrants ?? []).includes(grant === EXCHANGE_GRANT ? "client_credentials" : grant))
      return this.refuse(400, "unauthorized_client", `the client may not use grant ${grant}`);
    if (grant === "client_credentials") return this.clientCredentials(app, form);
    if (grant === EXCHANGE_GRANT) return this.exchange(app, form);
    return this.refuse(400, "unsupported_grant_type", `grant_type ${grant} is not supported`);
  }

  private clientCredentials(app: ScimResource, form: URLSearchParams): Answer {
    const wanted = (form.get("scope") ?? "").split(" ").filter(Boolean);
    if (!wanted.length) return this.refuse(400, "invalid_scope", "scope is required");
    const allowed = new Set((app.allowedScopes ?? []).map((s: any) => s.fqs));
    const servers = new Set<ScimResource>();
    const values: string[] = [];
    for (const fqs of wanted) {
      if (!allowed.has(fqs)) return this.refuse(400, "invalid_scope", `scope ${fqs} is not granted to the client`);
      const server = this.scim
        .all("Apps")
        .find((a) => a.isOAuthResource === true && (a.scopes ?? []).some((s: any) => s.fqs === fqs));
      if (server?.active !== true)
        return this.refuse(400, "invalid_scope", `the resource server of ${fqs} is missing or deactivated`);
      servers.add(server);
      values.push(fqs.slice(String(server.audience ?? "").length));
    }
    const [server] = [...servers];
    const now = Math.floor(Date.now() / 1000);
    const lifetime = Number(server.accessTokenExpiry ?? 3600);
    const claims = {
      iss: DOMAIN_ISSUER,
      sub: app.name,
      client_id: app.name,
      aud: [...servers].map((s) => s.audience),
      scope: values.join(" "),
      iat: now,
      exp: now + lifetime,
      jti: randomUUID(),
    };
    this.issued.push({ kind: "access", subject: app.name, claims });
    return {
      status: 200,
      body: { access_token: this.authority.sign(claims, false), token_type: "Bearer", expires_in: lifetime },
    };
  }

  private exchange(app: ScimResource, form: URLSearchParams): Answer {
    const requested = form.get("requested_token_type");
    if (requested !== UPST_TYPE && requested !== RPST_TYPE)
      return this.refuse(400, "invalid_request", `requested_token_type must be ${UPST_TYPE} or ${RPST_TYPE}`);
    if (form.get("subject_token_type") !== "jwt")
      return this.refuse(400, "invalid_request", "subject_token_type must be jwt");
    let callerKey: KeyObject;
    try {
      callerKey = createPublicKey({
        key: Buffer.from(form.get("public_key") ?? "", "base64"),
        format: "der",
        type: "spki",
      });
    } catch {
      return this.refuse(400, "invalid_request", "public_key is not a base64 DER SubjectPublicKeyInfo");
    }
    if (callerKey.asymmetricKeyType !== "rsa")
      return this.refuse(400, "invalid_request", "public_key must be an RSA key");

    const token = form.get("subject_token") ?? "";
    const [h, p, s] = token.split(".");
    let claims: Record<string, any>;
    try {
      claims = JSON.parse(Buffer.from(p ?? "", "base64url").toString("utf8"));
      JSON.parse(Buffer.from(h ?? "", "base64url").toString("utf8"));
    } catch {
      return this.refuse(400, "invalid_request", "subject_token is not a JWT");
    }
    const trust = this.scim.all("IdentityPropagationTrusts").find((t) => t.issuer === claims.iss && t.type === "JWT");
    if (!trust) return this.refuse(400, "invalid_grant", `no identity propagation trust for issuer ${claims.iss}`);
    if (trust.active !== true) return this.refuse(400, "invalid_grant", `trust ${trust.name} is not active`);
    if (!(trust.oauthClients ?? []).includes(app.name))
      return this.refuse(400, "invalid_grant", `client is not in trust ${trust.name}'s oauthClients`);
    const key = this.issuers.keyAt(String(trust.publicKeyEndpoint ?? ""));
    if (!key) return this.refuse(400, "invalid_grant", `cannot fetch the keys at ${trust.publicKeyEndpoint}`);
    if (!s || !verify("sha256", Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url")))
      return this.refuse(400, "invalid_grant", "subject token signature does not verify");
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== "number" || claims.exp <= now)
      return this.refuse(400, "invalid_grant", "subject token expired");
    if (typeof claims.nbf === "number" && claims.nbf > now + 60)
      return this.refuse(400, "invalid_grant", "subject token not yet valid");
    if (trust.clientClaimName) {
      const got = claims[trust.clientClaimName];
      const values = Array.isArray(got) ? got : [got];
      if (!values.some((v) => (trust.clientClaimValues ?? []).includes(v)))
        return this.refuse(400, "invalid_grant", `${trust.clientClaimName} is not one of the trust's values`);
    }
    for (const v of trust.claimValidations ?? []) {
      if (String(claims[v.name]) !== v.value)
        return this.refuse(400, "invalid_grant", `claim ${v.name} does not validate`);
    }
    return requested === RPST_TYPE ? this.rpst(trust, claims, form, callerKey) : this.upst(trust, claims, callerKey);
  }

  private upst(trust: ScimResource, claims: Record<string, any>, key: KeyObject): Answer {
    if (trust.subjectType === "Resource")
      return this.refuse(
        400,
        "invalid_request",
        `trust ${trust.name} maps tokens to a resource principal; ask for an RPST`,
      );
    let user: ScimResource | undefined;
    let rule: string | undefined;
    if (trust.allowImpersonation === true) {
      for (const m of trust.impersonationServiceUsers ?? []) {
        if (ruleMatches(m.rule, claims)) {
          rule = m.rule;
          user = this.scim.get("Users", m.value);
          break;
        }
      }
      if (!rule)
        return this.refuse(400, "invalid_grant", `no impersonation rule of trust ${trust.name} matches the token`);
    } else if (trust.subjectType === "User") {
      const claim = claims[trust.subjectClaimName ?? "sub"];
      const attr = String(trust.subjectMappingAttribute ?? "userName");
      user = this.scim
        .all("Users")
        .find(
          (u) =>
            typeof claim === "string" && typeof u[attr] === "string" && u[attr].toLowerCase() === claim.toLowerCase(),
        );
      if (!user)
        return this.refuse(
          400,
          "invalid_grant",
          `no user whose ${attr} is the token's ${trust.subjectClaimName ?? "sub"}`,
        );
    } else {
      return this.refuse(400, "invalid_grant", `trust ${trust.name} allows no impersonation and maps no subject`);
    }
    if (!user || user.active === false)
      return this.refuse(400, "invalid_grant", "the mapped user is missing or inactive");
    const { token, claims: upst } = this.authority.issueUpst({
      user: user.ocid,
      tenancy: this.tenancy,
      publicKey: key,
      seconds: 3600,
      extra: { source_authn_prin: typeof claims.sub === "string" ? claims.sub : undefined },
    });
    this.issued.push({ kind: "upst", subject: user.ocid, trust: trust.name, rule, claims: upst });
    return { status: 200, body: { token } };
  }

  private rpst(trust: ScimResource, claims: Record<string, any>, form: URLSearchParams, key: KeyObject): Answer {
    if (trust.subjectType !== "Resource" || trust.allowImpersonation !== true)
      return this.refuse(400, "invalid_request", `trust ${trust.name} does not map tokens to a resource principal`);
    const resType = form.get("res_type");
    if (!resType || resType !== trust.impersonatingResource)
      return this.refuse(400, "invalid_request", "res_type must be the trust's impersonatingResource");
    let lifetime = 1200;
    const exp = form.get("rpst_exp");
    if (exp !== null) {
      if (!/^[0-9]+$/.test(exp) || Number(exp) < 1 || Number(exp) > RPST_MAX_EXP)
        return this.refuse(400, "invalid_request", `rpst_exp must be 1 to ${RPST_MAX_EXP}`);
      lifetime = Number(exp);
    }
    const ext: Record<string, unknown> = {};
    for (const name of trust.claimPropagations ?? []) {
      const claim = String(name).replace(/^ext_/, "");
      if (claims[claim] !== undefined) ext[`ext_${claim}`] = claims[claim];
    }
    const { token, claims: rpst } = this.authority.issueRpst({
      sub: typeof claims.sub === "string" ? claims.sub : "unknown",
      tenancy: this.tenancy,
      compartment: this.tenancy,
      resType,
      publicKey: key,
      seconds: lifetime,
      // The Go SDK reads the tenancy of a token-exchange session from `tenant` (TenancyOCID), RPST or not.
      extra: { tenant: this.tenancy, domain_id: this.scim.domainOcid, ptype: "identityfederateddomainapp", ...ext },
    });
    this.issued.push({ kind: "rpst", subject: String(rpst.sub), trust: trust.name, claims: rpst });
    return { status: 200, body: { token } };
  }
}

/**
 * One impersonation rule against a token's claims [doc: docs/oci-facts.md#rules]: `<claim> eq|co <value>` on a
 * string claim; `eq` compares exactly, a `*` at the end of its value matches any rest; `co` is a substring test.
 * A value in double quotes may hold spaces. Written here from the documentation, apart from the project's own
 * matcher, so that a mistake in one is not repeated in the other.
 */
export function ruleMatches(rule: string, claims: Readonly<Record<string, unknown>>): boolean {
  const m = /^\s*([^\s]+)\s+(eq|co)\s+(.+?)\s*$/i.exec(rule);
  if (!m) return false;
  const claim = claims[m[1]];
  if (typeof claim !== "string") return false;
  let value = m[3];
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (m[2].toLowerCase() === "co") return claim.includes(value);
  return value.endsWith("*") ? claim.startsWith(value.slice(0, -1)) : claim === value;
}
