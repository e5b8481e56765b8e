import type { ReviewReport, StackReport, TrustReport, GroupReport } from "./report";
import type { Finding } from "./rule";
import { mdCode, mdRich, mdText } from "../core/text-out";

/** Code in a table cell: GitHub's tables need `|` escaped even inside code spans. */
const TABLE = { table: true } as const;
const cellCode = (value: string) => mdCode(value, TABLE);

/**
 * Renders a review as Markdown for a pull-request comment (GitHub-flavoured: tables and `> [!CAUTION]` alerts).
 * Everything comes from the JSON report, so the two never disagree; no secret value is in either. Every value goes
 * through core/text-out.ts for the context it lands in (code, text, table cell), so no value from a stack, a plan or
 * a config can add HTML, a link, an image, a heading or a table row.
 */
export function renderMarkdown(report: ReviewReport): string {
  const out: string[] = [];
  const { summary } = report;
  out.push("## Workload Identity Federation review", "");
  const counts = `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${summary.suppressed} suppressed; ${plural(summary.stacks, "stack")}`;
  out.push(summary.errors ? `**🛑 ${counts}.** Unsuppressed errors fail this check.` : `**✅ ${counts}.**`, "");

  const warnings = report.baseline?.warnings ?? [];
  if (warnings.length) {
    out.push(
      "> [!CAUTION]",
      `> **${plural(warnings.length, "change")} against the baseline destroy${warnings.length === 1 ? "s" : ""} or replace${warnings.length === 1 ? "s" : ""} something clients depend on:**`,
    );
    for (const w of warnings) out.push(`> - ${mdRich(w.message)}`);
    out.push("");
  }

  for (const stack of report.stacks) for (const line of renderStack(stack, report.stacks.length > 1)) out.push(line);

  out.push("### Findings", "");
  if (!report.findings.length) out.push("None.", "");
  else {
    out.push("| level | rule | where | finding |", "|---|---|---|---|");
    for (const f of report.findings) out.push(findingRow(f, report.stacks.length > 1));
    out.push(
      "",
      "Rules, and how to fix or suppress each: docs/review.md. Suppress with `[Suppress <rule>] reason = …, applies_to[] = <part of the path>` in setupConfig.ini.",
      "",
    );
  }

  if (report.baseline) {
    const b = report.baseline;
    out.push(
      `### Changes against the baseline (${b.source === "plan" ? "Terraform plan" : "previous synthesis"} ${mdCode(b.from)})`,
      "",
    );
    for (const n of b.notes) out.push(`- ${mdRich(n)}`);
    if (b.notes.length) out.push("");
    if (!b.changes.length) out.push("No resource changes.", "");
    else {
      const counts = (["create", "update", "replace", "delete"] as const)
        .map((a) => `${b.changes.filter((c) => c.action === a).length} to ${a}`)
        .join(", ");
      out.push(`${counts}.`, "", "| action | resource | construct path | what changes |", "|---|---|---|---|");
      const order = { replace: 0, delete: 1, update: 2, create: 3 };
      for (const c of [...b.changes].sort(
        (x, y) => order[x.action] - order[y.action] || x.address.localeCompare(y.address),
      )) {
        const mark = c.action === "replace" || c.action === "delete" ? `**${c.action}**` : c.action;
        out.push(
          `| ${mark} | ${cellCode(c.address)} | ${c.path ? mdText(c.path) : ""} | ${c.details.map((d) => mdRich(d, TABLE)).join("<br>")} |`,
        );
      }
      out.push("");
    }
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

function renderStack(s: StackReport, several: boolean): string[] {
  const out: string[] = [];
  const h = several ? "####" : "###";
  if (several) out.push(`### Stack ${mdCode(s.name)}`, "");

  out.push(`${h} Who can become whom`, "");
  if (!s.trusts.length) out.push("No trust in this stack.", "");
  for (const t of s.trusts) for (const line of renderTrust(t)) out.push(line);

  if (s.otherGrants.length) {
    out.push(
      `${h} Other grants (not reached through a trust)`,
      "",
      "| subject | which resources | policy | statement |",
      "|---|---|---|---|",
    );
    for (const g of s.otherGrants)
      out.push(
        `| ${cellCode(g.subject)} | ${g.matchingRule ? cellCode(g.matchingRule) : ""} | ${cellCode(g.policy)} | ${mdText(g.statement)} |`,
      );
    out.push("");
  }
  if (s.accounts.length) {
    out.push(
      `${h} Accounts no trust leads to`,
      "",
      "| user | kind | API keys | console | member of | and may |",
      "|---|---|---|---|---|---|",
    );
    for (const a of s.accounts) {
      out.push(
        `| ${cellCode(a.user)} | ${a.serviceUser ? "service user" : "regular user"} | ${a.apiKeys} | ${a.console} | ${groupNames(a.groups)} | ${groupStatements(a.groups)} |`,
      );
    }
    out.push("");
  }

  if (s.brokers.length) {
    out.push(`${h} UPST brokers: caller → scope → gateway → function → account → grants`, "");
    for (const b of s.brokers) out.push(`- ${brokerLine(b)}`);
    out.push("");
  }

  out.push(`${h} OAuth apps and token lifetimes`, "");
  if (!s.apps.length) out.push("No app in this stack.", "");
  else {
    out.push("| app | kind | grants | scopes | access token | refresh token |", "|---|---|---|---|---|---|");
    for (const a of s.apps) {
      const scopes = [
        ...a.scopes.map((x) => `defines ${cellCode(x.value)}${x.description ? ` (${mdText(x.description)})` : ""}`),
        ...a.allowedScopes.map((x) => `may request ${cellCode(x)}`),
      ];
      const kind = [
        a.kind,
        a.clientType ? mdText(a.clientType) : undefined,
        a.audience ? `audience ${cellCode(a.audience)}` : undefined,
      ]
        .filter(Boolean)
        .join(", ");
      out.push(
        `| ${cellCode(a.name)} | ${kind} | ${a.allowedGrants.map(cellCode).join(", ")} | ${scopes.join("<br>")} | ${duration(a.accessTokenExpiry)} | ${duration(a.refreshTokenExpiry)} |`,
      );
    }
    out.push("");
  }

  out.push(`${h} Where secrets live`, "");
  if (!s.secrets.length) out.push("No secret in this stack.", "");
  for (const sec of s.secrets) out.push(`- **${mdRich(sec.secret)}**: ${sec.places.map((p) => mdRich(p)).join("; ")}.`);
  if (s.secrets.length) out.push("");

  const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
  out.push(`${h} Resources (${total})`, "", "| type | count |", "|---|---|");
  for (const [type, n] of Object.entries(s.counts)) out.push(`| ${cellCode(type)} | ${n} |`);
  out.push("");
  return out;
}

function renderTrust(t: TrustReport): string[] {
  const facts = [
    `issuer ${mdCode(t.issuer)}`,
    t.audience
      ? `audience ${mdCode(t.audience.claim)} ∈ {${t.audience.values.map((v) => mdCode(v)).join(", ")}}`
      : "**no audience constraint**",
    t.active ? "active" : "**inactive**",
    t.allowImpersonation
      ? "impersonation allowed"
      : t.mode === "user"
        ? "impersonation off (user context)"
        : "**impersonation not allowed**",
    t.publicKeyEndpoint
      ? `keys from ${mdCode(t.publicKeyEndpoint)}`
      : t.publicCertificate
        ? "keys from a stored certificate"
        : "**no key source**",
    `clients: ${t.clients.length ? t.clients.map((c) => mdCode(c)).join(", ") : "**none**"}`,
  ];
  if (t.claimValidations)
    facts.push(
      `every token must have ${t.claimValidations.map((v) => `${mdCode(v.name)} = ${mdCode(v.value)}`).join(", ")}`,
    );
  const out = [`**Trust ${mdCode(t.name)}**: ${facts.join("; ")}.`, ""];
  if (t.mode) return [...out, ...renderModeTrust(t)];
  if (!t.access.length && !t.unresolved.length) {
    out.push("No impersonation rules: no token becomes a service user through this trust.", "");
    return out;
  }
  out.push("| a token matching | becomes | member of | and may |", "|---|---|---|---|");
  for (const a of t.access) {
    out.push(
      `| ${a.rules.map(cellCode).join("<br>")} | ${cellCode(a.user)}${a.serviceUser ? "" : " (not a service user)"} | ${groupNames(a.groups)} | ${groupStatements(a.groups)} |`,
    );
  }
  for (const u of t.unresolved) out.push(`| ${cellCode(u.rule)} | ${cellCode(u.value)} (not in this stack) | | |`);
  out.push("");
  if (t.overlaps.length) {
    out.push(
      "> [!WARNING]",
      "> OCI takes the first rule that matches, and Terraform stores rules as a set, so the order is not ours to choose. One token can match rules of different users here:",
    );
    for (const o of t.overlaps) {
      const [a, b] = o.rules;
      const how =
        o.kind === "same-claim"
          ? "the same claim, overlapping values"
          : "different claims: a token carrying both, as when a job calls another repository's reusable workflow, matches both";
      out.push(`> - ${mdCode(a.rule)} → ${mdCode(a.user)} and ${mdCode(b.rule)} → ${mdCode(b.user)} (${how})`);
    }
    const more = t.overlapTotals["same-claim"] + t.overlapTotals["different-claims"] - t.overlaps.length;
    if (more > 0) out.push(`> - … and ${more} more pair${more === 1 ? "" : "s"} (the JSON report counts them by kind)`);
    out.push("");
  }
  return out;
}

/** One broker on one line; a link the stack does not show is a `?`. */
function brokerLine(b: StackReport["brokers"][number]): string {
  const unknown = "**?**";
  return [
    b.callers.length
      ? b.callers.map((c) => mdCode(c)).join(", ")
      : `${unknown} (no client of this stack may request the scope)`,
    b.scopes.length ? `scope ${b.scopes.map((x) => mdCode(x)).join(", ")}` : `scope ${unknown}`,
    b.gateway ? `gateway ${mdCode(b.gateway)}` : `gateway ${unknown} (none routes to the function)`,
    `function ${mdCode(b.function)}`,
    b.account
      ? `account ${mdCode(b.account)}${b.secret ? ` (key in secret ${mdCode(b.secret)})` : ""}`
      : `account ${unknown} (the secret does not name a user of this stack)`,
    b.grants.length
      ? `may ${b.grants.map((g) => mdText(g.replace(/^Allow .*? to /i, ""))).join("; ")}`
      : "may do nothing in this stack",
  ].join(" → ");
}

/** User-context and RPST trusts: which domain user a token becomes, or what an RPST holder may do. */
function renderModeTrust(t: TrustReport): string[] {
  if (t.mode === "user" && t.userContext) {
    return [
      `User context: a token becomes the existing domain user whose ${mdCode(t.userContext.attribute)} equals its ${mdCode(t.userContext.claim)} claim ` +
        `(${mdCode(`${t.userContext.attribute} == <${t.userContext.claim}>`)}), with that user's own groups and policies; no user is created here.`,
      "",
    ];
  }
  const r = t.resource!;
  const out = [
    `Resource principal (RPST, up to 12 h): clients send res_type ${r.label ? mdCode(r.label) : "**(no label)**"}; the token carries ` +
      `${r.propagatedClaims.length ? r.propagatedClaims.map((c) => mdCode(c)).join(", ") : "no propagated claims"}. No service user.`,
    "",
  ];
  if (!r.grants.length) return [...out, "No policy grants to these RPSTs: holders can do nothing.", ""];
  out.push("| an RPST carrying | may | policy |", "|---|---|---|");
  for (const g of r.grants) {
    const who = g.claims.length ? g.claims.map(cellCode).join("<br>") : "any claims";
    const may = mdText(g.statement.replace(/^allow\s+any-user\s+to\s+/i, "").replace(/\s+where\s+.*$/i, ""));
    out.push(
      `| ${who}${g.pinned ? "" : "<br>**without the type/domain conditions**"} | ${may} | ${cellCode(g.policy)} |`,
    );
  }
  out.push("");
  return out;
}

function groupNames(groups: readonly GroupReport[]): string {
  return groups.length ? groups.map((g) => cellCode(g.name)).join(", ") : "no group";
}

function groupStatements(groups: readonly GroupReport[]): string {
  const statements = groups.flatMap((g) => g.statements.map((s) => mdText(s.statement)));
  return statements.length ? statements.join("<br>") : "nothing (no policy names its group)";
}

function findingRow(f: Finding, several: boolean): string {
  const level = f.suppressed ? `🔕 ${f.level}, suppressed` : f.level === "error" ? "🛑 error" : "⚠️ warning";
  const where = `${several ? `${cellCode(f.stack)} ` : ""}${cellCode(f.address)}<br>${mdText(f.path)}`;
  const message = f.suppressed
    ? `${mdText(f.message)}<br>**Suppressed:** ${mdText(f.suppressed.reason)}`
    : mdText(f.message);
  return `| ${level} | ${mdText(f.rule)} | ${where} | ${message} |`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function duration(seconds: number | null): string {
  if (seconds === null) return "default";
  const units: Array<[number, string]> = [
    [31_536_000, "y"],
    [86_400, "d"],
    [3_600, "h"],
    [60, "min"],
  ];
  const unit = units.find(([n]) => seconds >= n && seconds % n === 0);
  return unit ? `${seconds} s (${seconds / unit[0]} ${unit[1]})` : `${seconds} s`;
}
