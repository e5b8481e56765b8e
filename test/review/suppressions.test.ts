import { review } from "../../review/report";
import { parseStack } from "../../core/stack";
import { cleanUp, docOf, fixtureText, synthStack, synthToDir } from "./support";

afterAll(cleanUp);

const suppress = (rule: string, reason: string, appliesTo: string[] = []) =>
  `\n[Suppress ${rule}]\nreason = ${reason}\n${appliesTo.map((a) => `applies_to[] = ${a}\n`).join("")}`;

describe("suppressions from the config", () => {
  test("keep a suppressed finding in the report with its reason, and do not count it", () => {
    const stack = synthStack(
      fixtureText("github") +
        suppress("WIF-R2", "docs previews build every branch (OPS-123)", ["ServiceUser-ci-reader"]),
    );
    const report = review([stack]);
    const r2 = report.findings.filter((f) => f.rule === "WIF-R2");
    expect(r2.map((f) => f.suppressed)).toEqual([
      { reason: "docs previews build every branch (OPS-123)" },
      { reason: "docs previews build every branch (OPS-123)" },
    ]);
    expect(report.summary).toEqual({ stacks: 1, errors: 0, warnings: 3, suppressed: 2, exitCode: 0 });
  });

  test("apply only to findings whose construct path contains an applies_to entry", () => {
    const stack = synthStack(
      fixtureText("github") +
        suppress("WIF-R3", "the reader's repositories predate immutable IDs", ["ServiceUser-ci-reader"]),
    );
    const r3 = review([stack]).findings.filter((f) => f.rule === "WIF-R3");
    expect(r3.map((f) => [f.path, f.suppressed !== undefined])).toEqual([
      ["wif/Wif/ServiceUser-ci-releaser/User", false],
      ["wif/Wif/ServiceUser-ci-deployer/User", false],
      ["wif/Wif/ServiceUser-ci-reader/User", true],
    ]);
  });

  test("turn an error into a pass: exit code 1 without the suppression, 0 with it", () => {
    const seed = fixtureText("seed-sample");
    expect(review([synthStack(seed)]).summary.exitCode).toBe(1);
    const accepted = review([
      synthStack(seed + suppress("WIF-T1", "tokens come from a private GitHub Enterprise (SEC-9)")),
    ]);
    expect(accepted.summary).toEqual({ stacks: 1, errors: 0, warnings: 1, suppressed: 1, exitCode: 0 });
  });

  test("warn when a suppression names no rule", () => {
    const report = review([synthStack(fixtureText("github") + suppress("WIF-Z9", "a rule that does not exist"))]);
    expect(report.findings.filter((f) => f.rule.startsWith("WIF-X"))).toEqual([
      {
        address: '"//".wif.suppressions[0]',
        path: "wif",
        stack: "wif",
        rule: "WIF-X1",
        level: "warning",
        message:
          "[Suppress WIF-Z9] names no review rule, so it silences nothing; rules are WIF-T1, WIF-T2, WIF-T3, WIF-T4, WIF-T5, WIF-T6, WIF-R1, WIF-R2, WIF-R3, WIF-R4, WIF-P1, WIF-P2, WIF-P3, WIF-P4, WIF-P5, WIF-A1, WIF-A2, WIF-U1, WIF-S1, WIF-S2, WIF-D1, WIF-D2, WIF-D3, WIF-D4, WIF-L1",
      },
    ]);
  });

  test("warn when a suppression matches no finding", () => {
    const report = review([
      synthStack(
        fixtureText("github") + suppress("WIF-R2", "the deployer may build any branch", ["ServiceUser-ci-deployer"]),
      ),
    ]);
    expect(report.findings.filter((f) => f.rule.startsWith("WIF-X")).map((f) => [f.rule, f.message])).toEqual([
      [
        "WIF-X2",
        '[Suppress WIF-R2] with applies_to "ServiceUser-ci-deployer" matches no finding; fix the path or remove it',
      ],
    ]);
    expect(report.findings.filter((f) => f.rule === "WIF-R2" && f.suppressed)).toEqual([]);
  });

  test("warn about, and do not apply, a hand-written suppression without a reason", () => {
    const doc = docOf(synthToDir(fixtureText("seed-sample")));
    doc["//"].wif = { suppressions: [{ rule: "WIF-T1", reason: "", applies_to: [] }] };
    const report = review([parseStack(doc, "wif/cdk.tf.json", "wif")]);
    expect(report.findings.map((f) => [f.rule, f.suppressed !== undefined])).toEqual([
      ["WIF-T1", false],
      ["WIF-R3", false],
      ["WIF-X1", false],
    ]);
    expect(report.findings[2].message).toBe("[Suppress WIF-T1] has no reason, so it is not applied");
    expect(report.summary.exitCode).toBe(1);
  });
});
