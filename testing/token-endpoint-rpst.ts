// The RPST part of the local token endpoint (token-endpoint.ts): what an RPST request must add to a UPST request,
// and the token it gets. Kept apart so the UPST stand-in stays as it was.

export const RPST_TYPE = "urn:oci:token-type:oci-rpst";
/** The RPST's longest lifetime, seconds [doc: A-Team sample README]. */
export const RPST_MAX_EXP = 43200;

/**
 * Checks an RPST request's own parameters and makes the token's claims. The claim set is [inferred]: what
 * resource-principal clients read (`res_tenant`, `res_compartment` [src: oci-common ClaimKeys]), the bound key as
 * in a UPST, `res_type`, and the propagated claims as `ext_<claim>` [doc: A-Team sample].
 */
export function rpstAnswer(
  get: (k: string) => string | undefined,
  subject: Record<string, unknown>,
  now: number,
  options: { readonly tenancy: string; readonly resourceType?: string; readonly propagatedClaims?: readonly string[] },
  jwk: { n?: string; e?: string },
): { claims: Record<string, unknown> } | { refusal: string } {
  const resType = get("res_type");
  const expected = options.resourceType ?? "github-actions";
  if (resType !== expected)
    return { refusal: `res_type must be the trust's impersonating_resource ${expected}; got ${resType}` };
  let lifetime = 1200; // what one field run got without rpst_exp [field]
  const exp = get("rpst_exp");
  if (exp !== undefined) {
    if (!/^[0-9]+$/.test(exp) || Number(exp) < 1 || Number(exp) > RPST_MAX_EXP)
      return { refusal: `rpst_exp must be 1 to ${RPST_MAX_EXP} seconds; got ${exp}` };
    lifetime = Number(exp);
  }
  const ext: Record<string, unknown> = {};
  for (const c of options.propagatedClaims ?? []) if (subject[c] !== undefined) ext[`ext_${c}`] = subject[c];
  return {
    claims: {
      sub: typeof subject.sub === "string" ? subject.sub : "unknown",
      iss: "authService.oracle.com",
      ttype: "res",
      res_type: resType,
      res_tenant: options.tenancy,
      res_compartment: options.tenancy,
      iat: now,
      exp: now + lifetime,
      jwk: JSON.stringify({ kid: "session", kty: "RSA", alg: "RS256", use: "sig", n: jwk.n, e: jwk.e }),
      ...ext,
    },
  };
}
