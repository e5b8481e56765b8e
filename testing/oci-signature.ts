/**
 * Verifies OCI request signatures the way OCI's services do (docs/oci-facts.md#session-profile; Oracle, "Request Signatures"):
 * draft-cavage-http-signatures-08 in the `Authorization: Signature …` header, `version="1"`,
 * `algorithm="rsa-sha256"`; GET and DELETE sign `(request-target) host date` (or `x-date`), PUT and POST also
 * `x-content-sha256 content-type content-length`, and those must match the body. For the test stand-ins of the
 * Secrets and auth services, which decide themselves which key a `keyId` names.
 */
import { createHash, verify, type KeyObject } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** The request as the server received it. */
export interface SignedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Clock skew OCI tolerates on `date`. */
const MAX_SKEW_MS = 5 * 60 * 1000;

/**
 * Checks the signature and returns the keyId it was made with, or why it is refused. `keyFor` maps a keyId to the
 * public key that must verify it, or to a reason when the keyId is unknown.
 */
export function verifyOciSignature(
  req: SignedRequest,
  keyFor: (keyId: string) => KeyObject | string,
  nowMs = Date.now(),
): { ok: true; keyId: string } | { ok: false; reason: string } {
  const fail = (reason: string) => ({ ok: false as const, reason });
  const auth = req.headers.authorization ?? "";
  if (!auth.startsWith("Signature ")) return fail("no Signature authorization");
  const params = new Map<string, string>();
  for (const m of auth.slice("Signature ".length).matchAll(/([a-zA-Z]+)="([^"]*)"/g)) params.set(m[1], m[2]);
  if (params.get("version") !== "1") return fail('version must be "1"');
  if (params.get("algorithm") !== "rsa-sha256") return fail("algorithm must be rsa-sha256");
  const keyId = params.get("keyId");
  if (!keyId) return fail("no keyId");
  // Names are compared without case: oci-common lists "Content-Type" and "Content-Length" capitalised, and signs
  // their lower-case forms (http-signature's rule, which OCI's services accept).
  const signed = (params.get("headers") ?? "").toLowerCase().split(" ");
  const method = req.method.toUpperCase();
  const required = ["(request-target)", "host"];
  if (method === "POST" || method === "PUT") required.push("x-content-sha256", "content-type", "content-length");
  for (const name of required) if (!signed.includes(name)) return fail(`signed headers must include ${name}`);
  const dateHeader = signed.includes("x-date") ? "x-date" : signed.includes("date") ? "date" : undefined;
  if (!dateHeader) return fail("signed headers must include date or x-date");
  const date = Date.parse(String(req.headers[dateHeader] ?? ""));
  if (!Number.isFinite(date) || Math.abs(nowMs - date) > MAX_SKEW_MS)
    return fail(`${dateHeader} is missing or more than 5 minutes off`);
  if (signed.includes("x-content-sha256")) {
    if (req.headers["x-content-sha256"] !== createHash("sha256").update(req.body).digest("base64"))
      return fail("x-content-sha256 does not match the body");
  }
  if (signed.includes("content-length") && req.headers["content-length"] !== String(req.body.length))
    return fail("content-length does not match the body");

  const lines: string[] = [];
  for (const name of signed) {
    if (name === "(request-target)") {
      lines.push(`(request-target): ${method.toLowerCase()} ${req.url}`);
      continue;
    }
    const value = req.headers[name];
    if (value === undefined) return fail(`signed header ${name} is missing`);
    lines.push(`${name}: ${Array.isArray(value) ? value.join(", ") : value}`);
  }
  const key = keyFor(keyId);
  if (typeof key === "string") return fail(key);
  const ok = verify("sha256", Buffer.from(lines.join("\n")), key, Buffer.from(params.get("signature") ?? "", "base64"));
  return ok ? { ok: true, keyId } : fail("signature does not verify");
}

/** The JWT's claims, when its RS256 signature verifies with `issuerKey`; else undefined. */
export function verifiedClaims(token: string, issuerKey: KeyObject): Record<string, unknown> | undefined {
  const [h, p, s] = token.split(".");
  if (!h || !p || s === undefined) return undefined;
  if (!verify("sha256", Buffer.from(`${h}.${p}`), issuerKey, Buffer.from(s, "base64url"))) return undefined;
  try {
    return JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
