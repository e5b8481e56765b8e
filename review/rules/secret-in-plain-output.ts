import { secretSourcesOf } from "../secrets";
import type { ReviewRule, RuleFinding } from "../rule";

/** WIF-S1: a secret in an output Terraform prints. */
export const secretInPlainOutput: ReviewRule = {
  id: "WIF-S1",
  level: "error",
  cause: "An output that is not marked sensitive carries a client secret or secret content.",
  explanation:
    "The provider does not mark an app's client_secret sensitive (docs/oci-facts.md#client-secret-not-sensitive), so an output " +
    "that refers to it — directly, through sensitive() that is then unwrapped, or through a local such as the " +
    "runtimeConfig.ini template — prints the secret in every plan, apply and CI log unless the output itself says " +
    "sensitive = true.",
  fix: "Mark the output sensitive (TerraformOutput { sensitive: true }) or drop it; read secrets with terraform output -raw.",
  check(model) {
    const out: RuleFinding[] = [];
    for (const o of model.stack.outputs) {
      if (o.sensitive) continue;
      const sources = secretSourcesOf(model.stack, o.value);
      if (sources.length) {
        out.push({
          address: o.address,
          path: o.path,
          message: `output "${o.name}" is not sensitive but carries ${sources.join(" and ")}`,
        });
      }
    }
    return out;
  },
};
