import { brokerChains, type BrokerChainReport } from "./broker-chain";
import type { BaselineDiff } from "./diff";
import { hasBlockingFindings, lintStack } from "./lint";
import { buildModel, dynamicGroupOf, type Grant, type StackModel, type TrustView, type UserView } from "./model";
import type { Finding } from "./rule";
import type { PlannedChange } from "./plan";
import { secretLocations, type SecretLocation } from "./secrets";
import type { Stack } from "../core/stack";
import { trustModeReport, workloadGrantsFor, type ResourceTrustReport } from "./trust-mode-report";

/** A policy statement and the policy it is in. */
export interface StatementReport {
  readonly policy: string;
  readonly policyAddress: string;
  readonly statement: string;
}

/** A group and what it may do. */
export interface GroupReport {
  readonly name: string;
  readonly address: string;
  readonly statements: readonly StatementReport[];
}

/** One service user a trust leads to: the rules that lead there, and what the user may then do. */
export interface AccessReport {
  readonly user: string;
  readonly address: string;
  readonly path: string;
  readonly serviceUser: boolean;
  readonly rules: readonly string[];
  readonly groups: readonly GroupReport[];
}

/** A trust: who may exchange tokens, and whom they become. */
export interface TrustReport {
  readonly name: string;
  readonly address: string;
  readonly path: string;
  readonly issuer: string;
  readonly audience: { readonly claim: string; readonly values: readonly string[] } | null;
  readonly active: boolean;
  readonly allowImpersonation: boolean;
  readonly publicKeyEndpoint: string | null;
  readonly publicCertificate: boolean;
  /** OAuth clients that may call the token endpoint: the app's display name, or the value as written. */
  readonly clients: readonly string[];
  readonly access: readonly AccessReport[];
  /** Rules whose `value` is no user of this stack. */
  readonly unresolved: ReadonlyArray<{ readonly rule: string; readonly value: string }>;
  /** Pairs of rules of different users that one token could match: the first 100 of each kind, in rule order. */
  readonly overlaps: ReadonlyArray<{
    readonly kind: "same-claim" | "different-claims";
    readonly rules: ReadonlyArray<{ readonly rule: string; readonly user: string }>;
  }>;
  /** How many such pairs there are of each kind, listed or not. */
  readonly overlapTotals: { readonly "same-claim": number; readonly "different-claims": number };
  /** Set only for the other two modes, so impersonation trusts report as they always have. */
  readonly mode?: "user" | "resource";
  /** Mode user: a token becomes the domain user whose `attribute` equals the token's `claim`. */
  readonly userContext?: { readonly claim: string; readonly attribute: string };
  /** Mode resource: the res_type label, the claims RPSTs carry, and what RPST holders may do. */
  readonly resource?: ResourceTrustReport;
  /** `claim_validations`, when there are any. */
  readonly claimValidations?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

/** A grant to something that is not reached through a trust: a dynamic group, any-user, another group, an account. */
export interface OtherGrantReport {
  readonly subject: string;
  /** For a dynamic group of this stack: its matching rule (which resources are in it). */
  readonly matchingRule?: string;
  readonly policy: string;
  readonly policyAddress: string;
  readonly statement: string;
}

/** A user no trust maps to (the broker's API-key account), and what it may do. */
export interface AccountReport {
  readonly user: string;
  readonly address: string;
  readonly serviceUser: boolean;
  readonly apiKeys: number;
  readonly console: "off" | "on or unset";
  readonly groups: readonly GroupReport[];
}

/** An OAuth app. */
export interface AppReport {
  readonly name: string;
  readonly address: string;
  readonly path: string;
  readonly kind: "client" | "resource server" | "client and resource server" | "app";
  readonly clientType: string | null;
  readonly allowedGrants: readonly string[];
  readonly allowedScopes: readonly string[];
  readonly audience: string | null;
  readonly scopes: ReadonlyArray<{
    readonly value: string;
    readonly description: string | null;
    readonly requiresConsent: boolean | null;
  }>;
  /** Seconds; null when the service default applies. */
  readonly accessTokenExpiry: number | null;
  readonly refreshTokenExpiry: number | null;
}

/** Everything about one stack. */
export interface StackReport {
  readonly name: string;
  readonly file: string;
  readonly trusts: readonly TrustReport[];
  readonly otherGrants: readonly OtherGrantReport[];
  readonly accounts: readonly AccountReport[];
  /** Each UPST broker as one chain: caller → scope → gateway → function → account → grants. */
  readonly brokers: readonly BrokerChainReport[];
  readonly apps: readonly AppReport[];
  readonly secrets: readonly SecretLocation[];
  /** Resources by type. */
  readonly counts: Readonly<Record<string, number>>;
}

/** The review as JSON: what `--json` writes and the Markdown is rendered from. */
export interface ReviewReport {
  readonly tool: "wif-review";
  readonly version: 1;
  readonly summary: {
    readonly stacks: number;
    /** Unsuppressed findings by level. */
    readonly errors: number;
    readonly warnings: number;
    readonly suppressed: number;
    /** 0 clean (warnings allowed), 1 unsuppressed errors. */
    readonly exitCode: 0 | 1;
  };
  readonly stacks: readonly StackReport[];
  /** Errors first, then warnings; suppressed ones included. */
  readonly findings: readonly Finding[];
  readonly baseline?: BaselineDiff;
}

/** Reviews stacks: models them, runs the rules, and assembles the report. */
export function review(
  stacks: readonly Stack[],
  baseline?: BaselineDiff,
  plan?: readonly PlannedChange[],
): ReviewReport {
  const models = stacks.map(buildModel).map((m) => (plan ? { ...m, plan } : m));
  const findings = models.flatMap((m) => lintStack(m));
  const order = (f: Finding) => (f.suppressed ? 2 : f.level === "error" ? 0 : 1);
  findings.sort(
    (a, b) =>
      order(a) - order(b) ||
      a.rule.localeCompare(b.rule, "en", { numeric: true }) ||
      a.address.localeCompare(b.address),
  );
  const live = findings.filter((f) => !f.suppressed);
  return {
    tool: "wif-review",
    version: 1,
    summary: {
      stacks: stacks.length,
      errors: live.filter((f) => f.level === "error").length,
      warnings: live.filter((f) => f.level === "warning").length,
      suppressed: findings.length - live.length,
      exitCode: hasBlockingFindings(findings) ? 1 : 0,
    },
    stacks: models.map(stackReport),
    findings,
    ...(baseline ? { baseline } : {}),
  };
}

function stackReport(model: StackModel): StackReport {
  const reached = new Set(model.trusts.flatMap((t) => t.mappings.map((m) => m.user?.resource.address)));
  const groupReports = (u: UserView): GroupReport[] =>
    u.groups.map((g) => ({ name: g.name, address: g.resource.address, statements: g.grants.map(statementReport) }));
  const counts: Record<string, number> = {};
  for (const r of model.stack.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;

  const otherGrants: OtherGrantReport[] = [];
  for (const d of model.dynamicGroups) {
    for (const g of d.grants)
      otherGrants.push({ subject: `dynamic-group ${d.name}`, matchingRule: d.matchingRule, ...statementReport(g) });
  }
  const underTrusts = new Set(
    model.trusts.flatMap((t) => workloadGrantsFor(t, model).map((w) => w.grant.statement.text)),
  );
  for (const g of model.foreignGrants) {
    const dg = dynamicGroupOf(model, g.subject);
    if (!dg && !underTrusts.has(g.statement.text)) otherGrants.push({ subject: g.subject.text, ...statementReport(g) });
  }

  return {
    name: model.stack.name,
    file: model.stack.file,
    trusts: model.trusts.map((t) => trustReport(t, groupReports, model)),
    otherGrants,
    accounts: model.users
      .filter((u) => !reached.has(u.resource.address))
      .map((u) => ({
        user: u.userName,
        address: u.resource.address,
        serviceUser: u.serviceUser,
        apiKeys: u.apiKeys.length,
        console:
          u.serviceUser ||
          (u.capabilities?.can_use_console === false && u.capabilities?.can_use_console_password === false)
            ? "off"
            : "on or unset",
        groups: groupReports(u),
      })),
    brokers: brokerChains(model),
    apps: model.apps.map((a) => ({
      name: a.displayName,
      address: a.resource.address,
      path: a.resource.path,
      kind:
        a.isClient && a.isResourceServer
          ? "client and resource server"
          : a.isClient
            ? "client"
            : a.isResourceServer
              ? "resource server"
              : "app",
      clientType: a.clientType ?? null,
      allowedGrants: a.allowedGrants,
      allowedScopes: a.allowedScopes,
      audience: a.audience ?? null,
      scopes: a.scopes.map((s) => ({
        value: s.value,
        description: s.description ?? null,
        requiresConsent: s.requiresConsent ?? null,
      })),
      accessTokenExpiry: a.accessTokenExpiry ?? null,
      refreshTokenExpiry: a.refreshTokenExpiry ?? null,
    })),
    secrets: secretLocations(model),
    counts: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function statementReport(g: Grant): StatementReport {
  return { policy: g.policyName, policyAddress: g.policy.address, statement: g.statement.text };
}

function trustReport(t: TrustView, groupReports: (u: UserView) => GroupReport[], model: StackModel): TrustReport {
  const byUser = new Map<string, AccessReport & { rules: string[] }>();
  for (const m of t.mappings) {
    if (!m.user) continue;
    const u = m.user;
    const entry = byUser.get(u.resource.address) ?? {
      user: u.userName,
      address: u.resource.address,
      path: u.resource.path,
      serviceUser: u.serviceUser,
      rules: [],
      groups: groupReports(u),
    };
    entry.rules.push(m.rule);
    byUser.set(u.resource.address, entry);
  }
  const who = (m: TrustView["mappings"][number]) => m.user?.userName ?? `? ${m.unresolved}`;
  return {
    name: t.name,
    address: t.resource.address,
    path: t.resource.path,
    issuer: t.issuer,
    audience: t.audience ?? null,
    active: t.active,
    allowImpersonation: t.allowImpersonation,
    publicKeyEndpoint: t.publicKeyEndpoint ?? null,
    publicCertificate: t.hasCertificate,
    clients: t.clients.map((c) => (c.app ? c.app.displayName : c.text)),
    access: [...byUser.values()].sort((a, b) => a.user.localeCompare(b.user)),
    unresolved: t.mappings.filter((m) => !m.user).map((m) => ({ rule: m.rule, value: m.unresolved ?? "" })),
    overlaps: t.overlaps.map((o) => ({
      kind: o.kind,
      rules: [
        { rule: o.a.rule, user: who(o.a) },
        { rule: o.b.rule, user: who(o.b) },
      ],
    })),
    overlapTotals: { ...t.overlapTotals },
    ...trustModeReport(t, model),
  };
}
