// The grammar of an OCI policy statement, shared by the config reader, the constructs and the review.

const STATEMENT_BODY =
  /^(inspect|read|use|manage)\s+(?:[a-z][a-z0-9-]*|\{[^}]+\})\s+in\s+(?:tenancy|compartment\s+id\s+ocid1\.\S+|compartment\s+\S+)(?:\s+where\s+\S.*)?$/i;

/**
 * True for what follows `Allow <subject> to` in an OCI policy statement:
 * `<verb> <resource-type | {PERMISSION, …}> in <tenancy | compartment <name> | compartment id <ocid>> [where …]`.
 * @see https://docs.oracle.com/iaas/Content/Identity/policysyntax/policysyntax.htm
 */
export function isPolicyStatementBody(body: string): boolean {
  return STATEMENT_BODY.test(body.trim());
}

/**
 * Why a statement body that may pass {@link isPolicyStatementBody} is still not one statement: a line break or
 * `;`, or a second statement or verb smuggled into its `where` clause. Undefined when it is one statement.
 */
export function smuggledStatement(body: string): string | undefined {
  if (/[\r\n;\u2028\u2029]/.test(body)) return "must be one statement on one line (no line break or ';')";
  if (
    /\b(?:allow|define|endorse|admit|deny)\s+(?:group|any-user|any-group|dynamic-group|service|resource|tenancy)\b/i.test(
      body,
    )
  ) {
    return "holds a second statement";
  }
  if (/\bto\s+(?:inspect|read|use|manage)\b/i.test(body.replace(/^\S+/, ""))) return "holds a second verb";
  return undefined;
}

/** True when a statement body grants in the root compartment through `compartment id <tenancy OCID>`. */
export function reachesTenancyById(body: string, tenancyOcid?: string): boolean {
  const m = /\bin\s+compartment\s+id\s+(ocid1\.\S+)/i.exec(body);
  return !!m && (/^ocid1\.tenancy\./i.test(m[1]) || (tenancyOcid !== undefined && m[1] === tenancyOcid));
}

/**
 * The condition of a `where` clause that is always true, or undefined: a variable compared with itself, a pattern
 * that matches everything (`/*\/`), a literal compared with the same literal, or an `any {…}` holding one of these.
 */
export function alwaysTrueCondition(body: string): string | undefined {
  const where = /\swhere\s+(.*)$/i.exec(body)?.[1];
  if (!where) return undefined;
  const clauses = where
    .replace(/^(?:any|all)\s*\{|\}$/gi, "")
    .split(",")
    .map((c) => c.trim());
  const isAny = /^any\s*\{/i.test(where.trim()) || clauses.length === 1;
  const trueClause = clauses.find((c) => {
    const m = /^(.+?)\s*(=|!=)\s*(.+)$/.exec(c);
    if (!m) return false;
    const [left, op, right] = [m[1].trim(), m[2], m[3].trim()];
    if (op === "=" && left.replace(/['"]/g, "") === right.replace(/['"]/g, "")) return true;
    return op === "=" && /^['"]?\/\*\/['"]?$/.test(right);
  });
  return isAny ? trueClause : clauses.every((c) => c === trueClause) ? trueClause : undefined;
}
