// The grammar of an OCI policy statement, shared by the config reader, the constructs and the review.
import { whereVerdict } from "./policy-condition";

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
 * Why a statement's `where` clause is always true, or undefined when it narrows the grant (or cannot be parsed):
 * decided by what the condition constrains (core/policy-condition.ts), e.g. `request.user.id != 'nobody'` is true
 * for every request because no user's OCID is `nobody`.
 */
export function alwaysTrueCondition(body: string): string | undefined {
  const v = whereVerdict(body);
  return v?.verdict === "always" ? v.because : undefined;
}

/** Why a statement's `where` clause is never true (the statement grants nothing), or undefined. */
export function neverTrueCondition(body: string): string | undefined {
  const v = whereVerdict(body);
  return v?.verdict === "never" ? v.because : undefined;
}
