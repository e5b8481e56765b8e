import { dynamicGroupOf, type Grant, type StackModel } from "../model";
import type { PolicySubject } from "../policy";
import type { ReviewRule, RuleFinding } from "../rule";

/** Resource types whose read, use or manage grant lets a principal fetch secret content. */
const SECRET_RESOURCES = new Set(["secret-family", "secret-bundles", "secrets", "all-resources"]);

/** WIF-S2: the broker's API-key secret readable by anyone but the broker function. */
export const brokerSecretReadable: ReviewRule = {
  id: "WIF-S2",
  level: "error",
  cause:
    "A policy lets something other than the broker function's dynamic group read secrets, or lets it read more than the broker's secret.",
  explanation:
    "The UPST broker's Vault secret holds a private API key that can mint sessions for the broker account. Only " +
    "the broker function should read it: `Allow dynamic-group <fn> to read secret-bundles in compartment … where " +
    "target.secret.id = '<ocid>'` (docs/oci-facts.md#policies). A grant of secret-family, secret-bundles, secrets or " +
    "all-resources to a group, any-user or any-group, to a dynamic group without that where, or to a dynamic group " +
    "whose matching rule takes in more than one resource (every function of a compartment), reaches the key too. " +
    "Checked only in stacks that hold an oci_vault_secret.",
  fix: "Grant read secret-bundles to the function's dynamic group only, with where target.secret.id = '<the secret's OCID>', and match the function by resource.id.",
  check(model) {
    if (!model.vaultSecrets.length) return [];
    const out: RuleFinding[] = [];
    for (const g of model.grants) {
      const s = g.statement;
      if (!s.parsed || s.verb === "inspect" || !readsSecrets(s.resource ?? "")) continue;
      for (const subject of s.subjects) {
        const problem = problemOf(model, g, subject);
        if (problem)
          out.push({
            address: g.policy.address,
            path: g.policy.path,
            message: `policy "${g.policyName}": ${JSON.stringify(s.text)} ${problem}`,
          });
      }
    }
    return out;
  },
};

function readsSecrets(resource: string): boolean {
  const r = resource.toLowerCase();
  if (SECRET_RESOURCES.has(r)) return true;
  return r.startsWith("{") && /\bSECRET_BUNDLE_READ\b/i.test(r);
}

function problemOf(model: StackModel, g: Grant, subject: PolicySubject): string | undefined {
  if (subject.kind !== "dynamic-group") return `lets ${subject.text} read secrets, not only the broker function`;
  const where = g.statement.where;
  const pinned =
    where !== undefined && !/^\s*any\s*\{/i.test(where) && /target\.secret\.(id|name)\s*=\s*'[^']+'/i.test(where);
  if (!pinned)
    return `lets ${subject.text} read every secret in its compartment; add where target.secret.id = '<the broker secret's OCID>'`;
  const dg = dynamicGroupOf(model, subject);
  if (dg && !/resource\.id\s*=/i.test(dg.matchingRule)) {
    return `grants to dynamic group "${dg.name}", whose matching rule ${JSON.stringify(dg.matchingRule)} takes in more than the broker function`;
  }
  return undefined;
}
