import { isLoopback } from "../../core/endpoint-url";
import type { ReviewRule, RuleFinding } from "../rule";

/** An `http:` URL, or any URL on this machine's loopback interface. */
function isLocal(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || isLoopback(url);
  } catch {
    return false;
  }
}

/** WIF-L1: a stack that talks to a local test OCI instead of an identity domain. */
export const localTestDomain: ReviewRule = {
  id: "WIF-L1",
  level: "error",
  unsuppressible: true,
  cause: "The stack's identity domain URL (idcs_endpoint) is plain http or this machine's loopback address.",
  explanation:
    "Identity domains are reached over https at https://idcs-<id>.identity.oraclecloud.com. A loopback URL " +
    "(http://127.0.0.1, http://localhost) is what the end-to-end tests point the provider at, a local OCI on the " +
    "test machine; the config loader accepts it only with warning WIF-W-LOOPBACK-DOMAIN. Applied from a pipeline, " +
    "such a stack would send the admin's signed requests and the client secret to whatever listens on that port. " +
    "This finding cannot be suppressed.",
  fix: "Set [IdentityDomain] iam_guid to the domain URL from the console (Identity & Security > Domains > your domain).",
  check(model) {
    const out: RuleFinding[] = [];
    for (const r of model.stack.resources) {
      if (isLocal(r.body.idcs_endpoint)) {
        out.push({
          address: r.address,
          path: r.path,
          message: `${r.address.split(".")[0]} talks to ${JSON.stringify(r.body.idcs_endpoint)}, a local test domain`,
        });
      }
    }
    return out;
  },
};
