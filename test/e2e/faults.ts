/**
 * Faults on demand: a storm of 429 and 5xx answers with Retry-After, a request that never gets an answer, and a
 * name clash that outlasts the provider's retries. The project's commands either get through (the provider retries)
 * or say what happened in one or two lines without a secret, and a second run converges from the state left behind.
 */
import { E2E_STEP_MS as STEP, expectOk, Scenario } from "../support/e2e";
import { read } from "./cases";

/** Lines a failed command printed on standard error. */
function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.trim() !== "");
}

/** Declares the fault scenarios in `suite`; `slow` adds the one that waits out the provider's two-minute 409 retries. */
export function defineFaults(suite: jest.Describe, timings: string[], slow: boolean): void {
  suite("faults on demand", () => {
    let s: Scenario;
    const fresh = async () => {
      if (s) {
        timings.push(`faults: ${s.timing()}`);
        await s.close();
      }
      // The seed sample's trust has no audience constraint (WIF-T1), as its lifecycle case says.
      s = await Scenario.start(read("test/fixtures/seed-sample.ini"), { findings: ["WIF-T1"] });
    };
    afterAll(async () => {
      if (!s) return;
      timings.push(`faults: ${s.timing()}`);
      const printed = s.printed.join("\n");
      for (const secret of s.oci.scim.all("Apps").map((a) => a.clientSecret)) expect(printed).not.toContain(secret);
      await s.close();
    });

    test(
      "a storm of 429, 500 and 503 answers with Retry-After and a passing 409 are retried: the deploy gets through",
      async () => {
        await fresh();
        await s.plan();
        s.oci.fault({ method: "POST", path: /\/admin\/v1\/Users$/, status: 429, retryAfter: 1, times: 3 });
        s.oci.fault({ method: "POST", path: /\/admin\/v1\/Apps$/, status: 503, retryAfter: 1, times: 2 });
        s.oci.fault({ method: "POST", path: /\/admin\/v1\/Groups$/, status: 500, times: 2 });
        s.oci.fault({ method: "POST", path: /\/IdentityPropagationTrusts$/, status: 409, retryAfter: 1, times: 1 });
        expectOk(await s.deploy("deploy (storm)"), "deploy (storm)");
        expect(s.oci.server.pendingFaults()).toBe(0);
        expect(s.oci.server.log.filter((l) => l.fault).map((l) => l.status)).toEqual(
          expect.arrayContaining([429, 429, 429, 503, 503, 500, 500, 409]),
        );
        expect((await s.planIsEmpty("plan -detailed-exitcode (storm)")).empty).toBe(true);
      },
      STEP,
    );

    test(
      "a request that is never answered times out (HTTP_REQUEST_TIMEOUT) and is retried: the deploy gets through",
      async () => {
        await fresh();
        await s.plan();
        s.oci.fault({ method: "POST", path: /\/admin\/v1\/Groups$/, hang: true, times: 1 });
        // npm run deploy sets 60 s unless the caller sets it; a short one keeps the test short.
        const deployed = await s.deploy("deploy (hang)", { HTTP_REQUEST_TIMEOUT: "5s" });
        expectOk(deployed, "deploy (hang)");
        expect(s.oci.server.log.filter((l) => l.fault && l.status === 0)).toHaveLength(1);
        expect((await s.planIsEmpty("plan -detailed-exitcode (hang)")).empty).toBe(true);
      },
      STEP,
    );

    (slow ? test : test.skip)(
      "a group of the same name made behind Terraform's back fails the deploy with one error naming the call; once it is gone, a re-run converges",
      async () => {
        await fresh();
        await s.plan();
        const clash = s.oci.scim.create("Groups", {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
          displayName: "ServiceUser-group",
        });
        const failed = await s.deploy("deploy (clash)");
        expect(failed.code).toBe(1);
        // After the progress lines: what failed, then Terraform's one error — the resource, and the call that failed
        // with the request ID support asks for — without the provider's links and version notice.
        const all = errorLines(failed.stderr);
        const lines = all.slice(all.findIndex((l) => l.startsWith("error: ")));
        expect(lines[0]).toMatch(
          /^error: terraform apply failed; what it applied before the failure is in the state, and the saved plan cannot be applied again: plan again\. Terraform said \(redacted\):$/,
        );
        expect(lines[1]).toMatch(/^ {2}error: 409-BadErrorResponse.* \(oci_identity_domains_group\.[^ ]+\)$/);
        expect(lines.at(-1)).toMatch(
          /^ {4}\(.*Service Identity Domains Group; Operation Name CreateGroup; OPC request ID [0-9a-f]+\)$/,
        );
        expect(lines.length).toBeLessThanOrEqual(4);
        // What was created before the clash is in the state; the next plan only adds the group.
        s.oci.scim.remove("Groups", clash.id);
        await s.plan("plan (after clash)");
        const actions = await s.planActions("show -json (after clash)");
        expect(Object.values(actions)).toEqual([["create"]]);
        expect(Object.keys(actions)[0]).toMatch(/^oci_identity_domains_group\./);
        expectOk(await s.deploy("deploy (after clash)"), "deploy (after clash)");
        expect((await s.planIsEmpty("plan -detailed-exitcode (after clash)")).empty).toBe(true);
      },
      STEP + 180_000,
    );
  });
}
