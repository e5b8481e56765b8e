import { parseStack } from "../../core/stack";
import { renderMarkdown } from "../../review/markdown";
import { buildModel } from "../../review/model";
import { review } from "../../review/report";
import { rulesOverlap } from "../../review/rules/rules-overlap";
import { findOverlaps, type OverlapInput } from "../../review/overlaps";
import { overlapOf, shapeOf } from "../../review/rule-analysis";

/** Every pair, as the review compared them before: the reference the fast counts must agree with. */
function bruteForce(rules: readonly OverlapInput[], maxListed: number) {
  const out = {
    "same-claim": { listed: [] as Array<[number, number]>, total: 0 },
    "different-claims": { listed: [] as Array<[number, number]>, total: 0 },
  };
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) {
      if (rules[i].target === rules[j].target) continue;
      const kind = overlapOf(rules[i].shape, rules[j].shape);
      if (!kind) continue;
      out[kind].total++;
      if (out[kind].listed.length < maxListed) out[kind].listed.push([i, j]);
    }
  }
  return out;
}

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function randomRules(seed: number, n: number): OverlapInput[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const values = ["", "a", "ab", "abc", "abd", "b", "ba", "bab", "repo:o/r", "repo:o/", "repo:o/r:ref"];
  return Array.from({ length: n }, () => {
    const claim = pick(["sub", "sub", "sub", "job_workflow_ref", "aud"]);
    const form = pick(["eq", "eq", "prefix", "co", "invalid"]);
    const v = pick(values);
    const expression =
      form === "invalid"
        ? "not a rule"
        : form === "prefix"
          ? `${claim} eq ${v}*`
          : form === "co"
            ? `${claim} co ${v === "" ? "x" : v}`
            : `${claim} eq ${v === "" ? "z" : v}`;
    return { shape: shapeOf(expression), target: pick(["u1", "u2", "u3", "?x"]) };
  });
}

describe("overlapping rules", () => {
  test.each(Array.from({ length: 40 }, (_, k) => [k + 1]))(
    "are counted and listed as comparing every pair would (seed %i)",
    (seed) => {
      const rules = randomRules(seed, 5 + (seed % 7) * 9);
      for (const max of [0, 3, 100]) expect(findOverlaps(rules, max)).toEqual(bruteForce(rules, max));
    },
  );

  test("of 10,000 rules on two claims, are counted without listing the 25 million pairs", () => {
    const rules: OverlapInput[] = Array.from({ length: 10_000 }, (_, i) => ({
      shape: shapeOf(
        i % 2
          ? `sub eq repo:o/r-${i}:ref:refs/heads/main`
          : `job_workflow_ref eq o/r-${i}/.github/workflows/w.yml@refs/heads/main`,
      ),
      target: `u${i >> 2}`,
    }));
    const found = findOverlaps(rules);
    // 5,000 × 5,000 cross pairs, less those of one user (each user has 2 + 2 rules: 4 cross pairs).
    expect(found["different-claims"].total).toBe(5_000 * 5_000 - 2_500 * 4);
    expect(found["different-claims"].listed).toHaveLength(100);
    expect(found["different-claims"].listed[0]).toEqual([0, 5]);
    expect(found["same-claim"].total).toBe(0);
  });
});

describe("a trust with more overlapping pairs than are listed", () => {
  const users = 300;
  const doc = {
    resource: {
      oci_identity_domains_user: Object.fromEntries(
        Array.from({ length: users }, (_, u) => [`u${u}`, { user_name: `user-${u}` }]),
      ),
      oci_identity_domains_identity_propagation_trust: {
        t: {
          name: "ci",
          issuer: "https://token.actions.githubusercontent.com",
          impersonation_service_users: Array.from({ length: users }, (_, u) => ({
            rule: `sub co repo:octo-org/`,
            value: `\${oci_identity_domains_user.u${u}.id}`,
          })),
        },
      },
    },
  };
  const pairs = (users * (users - 1)) / 2;

  test("lists the first 100, counts them all, and says how many more there are", () => {
    const stack = parseStack(doc, "cdk.tf.json", "wif");
    const report = review([stack]);
    const trust = report.stacks[0].trusts[0];
    expect([trust.overlaps.length, trust.overlapTotals]).toEqual([100, { "same-claim": pairs, "different-claims": 0 }]);
    expect(renderMarkdown(report)).toContain(
      `> - … and ${pairs - 100} more pairs (the JSON report counts them by kind)`,
    );
    const r4 = rulesOverlap.check(buildModel(stack));
    expect(r4).toHaveLength(101);
    expect(r4[100].message).toBe(
      `and ${pairs - 100} more pairs of rules of trust "ci" can match the same token (only the first 100 are listed); make the rules disjoint`,
    );
  });
});
