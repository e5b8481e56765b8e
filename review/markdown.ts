import type { ReviewReport, StackReport, TrustReport, GroupReport } from "./report";
import type { Finding } from "./rule";

/**
 * Renders a review as Markdown for a pull-request comment (GitHub-flavoured: tables and `> [!CAUTION]` alerts).
 * Everything comes from the JSON report, so the two never disagree; no secret value is in either.
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
    for (const w of warnings) out.push(`> - ${mixed(w.message)}`);
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
      `### Changes against the baseline (${b.source === "plan" ? "Terraform plan" : "previous synthesis"} \`${b.from}\`)`,
      "",
    );
    for (const n of b.notes) out.push(`- ${mixed(n)}`);
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
          `| ${mark} | ${code(c.address)} | ${c.path ? cell(c.path) : ""} | ${c.details.map(mixed).join("<br>")} |`,
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
  if (several) out.push(`### Stack ${code(s.name)}`, "");

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
        `| ${code(g.subject)} | ${g.matchingRule ? code(g.matchingRule) : ""} | ${code(g.policy)} | ${cell(g.statement)} |`,
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
        `| ${code(a.user)} | ${a.serviceUser ? "service user" : "regular user"} | ${a.apiKeys} | ${a.console} | ${groupNames(a.groups)} | ${groupStatements(a.groups)} |`,
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
        ...a.scopes.map((x) => `defines ${code(x.value)}${x.description ? ` (${cell(x.description)})` : ""}`),
        ...a.allowedScopes.map((x) => `may request ${code(x)}`),
      ];
      const kind = [a.kind, a.clientType, a.audience ? `audience ${code(a.audience)}` : undefined]
        .filter(Boolean)
        .join(", ");
      out.push(
        `| ${code(a.name)} | ${kind} | ${a.allowedGrants.map(code).join(", ")} | ${scopes.join("<br>")} | ${duration(a.accessTokenExpiry)} | ${duration(a.refreshTokenExpiry)} |`,
      );
    }
    out.push("");
  }

  out.push(`${h} Where secrets live`, "");
  if (!s.secrets.length) out.push("No secret in this stack.", "");
  for (const sec of s.secrets) out.push(`- **${sec.secret}**: ${sec.places.join("; ")}.`);
  if (s.secrets.length) out.push("");

  const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
  out.push(`${h} Resources (${total})`, "", "| type | count |", "|---|---|");
  for (const [type, n] of Object.entries(s.counts)) out.push(`| ${code(type)} | ${n} |`);
  out.push("");
  return out;
}

function renderTrust(t: TrustReport): string[] {
  const facts = [
    `issuer ${code(t.issuer)}`,
    t.audience
      ? `audience ${code(t.audience.claim)} ∈ {${t.audience.values.map(code).join(", ")}}`
      : "**no audience constraint**",
    t.active ? "active" : "**inactive**",
    t.allowImpersonation
      ? "impersonation allowed"
      : t.mode === "user"
        ? "impersonation off (user context)"
        : "**impersonation not allowed**",
    t.publicKeyEndpoint
      ? `keys from ${code(t.publicKeyEndpoint)}`
      : t.publicCertificate
        ? "keys from a stored certificate"
        : "**no key source**",
    `clients: ${t.clients.length ? t.clients.map(code).join(", ") : "**none**"}`,
  ];
  if (t.claimValidations)
    facts.push(
      `every token must have ${t.claimValidations.map((v) => `${code(v.name)} = ${code(v.value)}`).join(", ")}`,
    );
  const out = [`**Trust ${code(t.name)}**: ${facts.join("; ")}.`, ""];
  if (t.mode) return [...out, ...renderModeTrust(t)];
  if (!t.access.length && !t.unresolved.length) {
    out.push("No impersonation rules: no token becomes a service user through this trust.", "");
    return out;
  }
  out.push("| a token matching | becomes | member of | and may |", "|---|---|---|---|");
  for (const a of t.access) {
    out.push(
      `| ${a.rules.map(code).join("<br>")} | ${code(a.user)}${a.serviceUser ? "" : " (not a service user)"} | ${groupNames(a.groups)} | ${groupStatements(a.groups)} |`,
    );
  }
  for (const u of t.unresolved) out.push(`| ${code(u.rule)} | ${code(u.value)} (not in this stack) | | |`);
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
      out.push(`> - ${code(a.rule)} → ${code(a.user)} and ${code(b.rule)} → ${code(b.user)} (${how})`);
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
    b.callers.length ? b.callers.map(code).join(", ") : `${unknown} (no client of this stack may request the scope)`,
    b.scopes.length ? `scope ${b.scopes.map(code).join(", ")}` : `scope ${unknown}`,
    b.gateway ? `gateway ${code(b.gateway)}` : `gateway ${unknown} (none routes to the function)`,
    `function ${code(b.function)}`,
    b.account
      ? `account ${code(b.account)}${b.secret ? ` (key in secret ${code(b.secret)})` : ""}`
      : `account ${unknown} (the secret does not name a user of this stack)`,
    b.grants.length
      ? `may ${b.grants.map((g) => cell(g.replace(/^Allow .*? to /i, ""))).join("; ")}`
      : "may do nothing in this stack",
  ].join(" → ");
}

/** User-context and RPST trusts: which domain user a token becomes, or what an RPST holder may do. */
function renderModeTrust(t: TrustReport): string[] {
  if (t.mode === "user" && t.userContext) {
    return [
      `User context: a token becomes the existing domain user whose ${code(t.userContext.attribute)} equals its ${code(t.userContext.claim)} claim ` +
        `(${code(`${t.userContext.attribute} == <${t.userContext.claim}>`)}), with that user's own groups and policies; no user is created here.`,
      "",
    ];
  }
  const r = t.resource!;
  const out = [
    `Resource principal (RPST, up to 12 h): clients send res_type ${r.label ? code(r.label) : "**(no label)**"}; the token carries ` +
      `${r.propagatedClaims.length ? r.propagatedClaims.map(code).join(", ") : "no propagated claims"}. No service user.`,
    "",
  ];
  if (!r.grants.length) return [...out, "No policy grants to these RPSTs: holders can do nothing.", ""];
  out.push("| an RPST carrying | may | policy |", "|---|---|---|");
  for (const g of r.grants) {
    const who = g.claims.length ? g.claims.map(code).join("<br>") : "any claims";
    const may = cell(g.statement.replace(/^allow\s+any-user\s+to\s+/i, "").replace(/\s+where\s+.*$/i, ""));
    out.push(`| ${who}${g.pinned ? "" : "<br>**without the type/domain conditions**"} | ${may} | ${code(g.policy)} |`);
  }
  out.push("");
  return out;
}

function groupNames(groups: readonly GroupReport[]): string {
  return groups.length ? groups.map((g) => code(g.name)).join(", ") : "no group";
}

function groupStatements(groups: readonly GroupReport[]): string {
  const statements = groups.flatMap((g) => g.statements.map((s) => cell(s.statement)));
  return statements.length ? statements.join("<br>") : "nothing (no policy names its group)";
}

function findingRow(f: Finding, several: boolean): string {
  const level = f.suppressed ? `🔕 ${f.level}, suppressed` : f.level === "error" ? "🛑 error" : "⚠️ warning";
  const where = `${several ? `${code(f.stack)} ` : ""}${code(f.address)}<br>${cell(f.path)}`;
  const message = f.suppressed ? `${cell(f.message)}<br>**Suppressed:** ${cell(f.suppressed.reason)}` : cell(f.message);
  return `| ${level} | ${f.rule} | ${where} | ${message} |`;
}

/** Plain text for Markdown (and table cells): pipes, emphasis marks and angle brackets escaped, newlines as <br>. */
function cell(text: string): string {
  return text
    .replace(/[\\*_|]/g, (c) => `\\${c}`)
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, "<br>");
}

/** Text with `code spans` of our own making: the spans kept (pipes escaped), the rest escaped as plain text. */
function mixed(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part.replace(/\|/g, "\\|") : cell(part)))
    .join("");
}

/** Inline code that survives a table cell: only pipes need escaping there; backticks get a longer fence. */
function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")}${pad}${fence}`;
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
