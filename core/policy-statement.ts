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
