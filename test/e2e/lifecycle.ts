/**
 * Every fixture and example applied for real: the `oracle/oci` provider against the local OCI, through the
 * project's own commands. Per config: plan → deploy → runtimeConfig.ini (0600) → an empty second plan; a typical
 * change made in place; `wif-exchange` with the deployed runtimeConfig.ini and a request signed with its result;
 * drift seen by the next plan and the review; retirement in two deploys, then `terraform destroy` down to an empty
 * OCI. Skipped, with one line naming how to get the provider, where it is not installed.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { E2E_STEP_MS as STEP, planCounts, Scenario, expectOk } from "../support/e2e";
import { liveSnapshot } from "./adoption";
import { addToSection, read, retireAll, type E2eCase } from "./cases";
import {
  claimsForRule,
  exchange,
  profileSigner,
  rpstFiles,
  signedNamespaceGet,
  subjectToken,
  trustClaims,
} from "./exchange";

/**
 * Declares the lifecycle scenarios of `cases` in `suite` (`describe`, or `describe.skip` where the tier cannot run);
 * each case's step times go to `timings`.
 */
export function defineLifecycle(suite: jest.Describe, cases: readonly E2eCase[], timings: string[]): void {
  if (!cases.length) return;
  suite.each(cases)("$name applied for real", (c: E2eCase) => {
    let s: Scenario;
    /** What the OCI held before the first deploy (set up by hand): destroy must leave exactly that. */
    let existing = 0;
    const secrets = () => [s.oci.scim.all("Apps").map((a) => a.clientSecret)].flat().filter(Boolean) as string[];

    beforeAll(async () => {
      s = await Scenario.start(read(c.file), { sessionProfiles: c.sessionProfiles, findings: c.findings });
      c.prepare?.(s);
      existing = s.oci.resourceCount();
    }, STEP);
    afterAll(async () => {
      if (s) {
        timings.push(`${c.name}: ${s.timing()}`);
        // No secret the local OCI issued or holds was printed by any command.
        const printed = s.printed.join("\n");
        for (const secret of [...secrets(), ...s.oci.server.authority.issued]) expect(printed).not.toContain(secret);
        await s.close();
      }
    });

    test(
      "plan, deploy: runtimeConfig.ini is written (0600) and a second plan is empty",
      async () => {
        const planned = await s.plan();
        // The review fails the stack for its loopback domain URL (WIF-L1), and for nothing it would not fail otherwise.
        expect(planned.stdout).toContain("WIF-L1");
        expect(planCounts(planned.stdout)).toMatchObject({ change: 0, replace: 0, destroy: 0 });
        s.registerIssuers();
        const deployed = await s.deploy();
        expectOk(deployed, "deployed");
        expect(s.fileMode(s.runtimeConfigPath)).toBe(0o600);
        // Every call the provider made was signed the way the config's auth says.
        const signers = new Set(s.oci.server.log.filter((l) => l.principal).map((l) => l.principal!.split(":")[0]));
        expect([...signers]).toEqual([c.providerAuth ?? "apikey"]);
        const { empty, result } = await s.planIsEmpty();
        expect({ empty, out: empty ? "" : result.stdout }).toEqual({ empty: true, out: "" });
      },
      STEP,
    );

    test(
      `a typical change (${c.change.what}) is made in place`,
      async () => {
        const ids = Object.fromEntries(
          [...s.oci.scim.all("Apps"), ...s.oci.scim.all("IdentityPropagationTrusts")].map((r) => [
            r.id,
            r.clientSecret,
          ]),
        );
        s.writeConfig(c.change.edit(s.readConfig()));
        const planned = await s.plan("plan (change)");
        expect(planCounts(planned.stdout)!.change).toBeGreaterThan(0);
        expect(await s.destroysInPlan("show -json (change)")).toEqual([]);
        // …and the review's plan diff raises no replacement warning for it.
        expect(planned.stdout).not.toContain("[!CAUTION]");
        const deployed = await s.deploy("deploy (change)");
        expectOk(deployed, "deployed");
        // Same apps and trusts, same client secrets: nothing was replaced.
        for (const [id, secret] of Object.entries(ids)) {
          const r = s.oci.scim.get("Apps", id) ?? s.oci.scim.get("IdentityPropagationTrusts", id);
          expect(r?.clientSecret).toBe(secret);
        }
        expect((await s.planIsEmpty("plan -detailed-exitcode (change)")).empty).toBe(true);
      },
      STEP,
    );

    test(
      "wif-exchange gets a session token for the expected principal, and a token no rule matches is refused",
      async () => {
        const mints = s.registerIssuers();
        const [trust] = s.managed("IdentityPropagationTrusts");
        const mint = mints.get(trust.issuer)!;
        const base = trustClaims({
          client_claim_name: trust.clientClaimName,
          client_claim_values: trust.clientClaimValues,
          claim_validations: trust.claimValidations,
        });
        let claims: Record<string, unknown>;
        let expected: string;
        let personal: string | undefined;
        if (c.mode === "impersonation") {
          const first = trust.impersonationServiceUsers[0];
          claims = { ...base, ...claimsForRule(first.rule) };
          expected = first.ocid;
        } else if (c.mode === "user") {
          // The domain already has the person's user; the trust maps the token's claim onto its userName.
          const user = s.oci.scim.create("Users", {
            schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
            userName: "alice@corp.example.com",
            name: { familyName: "Example", givenName: "Alice" },
          });
          claims = { ...base, [trust.subjectClaimName ?? "sub"]: "alice@corp.example.com" };
          expected = user.ocid;
          personal = user.id;
        } else {
          claims = {
            ...base,
            repository: "octo-org/web-app",
            ref: "refs/heads/main",
            project_path: "acme/platform/api",
          };
          expected = "e2e:no-rule-matches-this";
        }
        const runtime = readFileSync(s.runtimeConfigPath, "utf8");
        // A config without a region (the seed's) writes none to runtimeConfig.ini; the client then needs --region.
        const region = /^\s*region\s*=/m.test(runtime) ? [] : ["--region", s.oci.region];
        const rpst = c.mode === "resource" ? ["--rpst", "--res-type", trust.impersonatingResource] : [];
        const ok = await exchange(s, subjectToken(mint, claims), [...region, ...rpst]);
        expectOk(ok, "ok");

        const configFile = join(s.dir, "client", "config");
        const profile = /^\s*profile\s*=\s*(\S+)/m.exec(runtime)?.[1] ?? "wif";
        const signer =
          c.mode === "resource" ? rpstFiles(join(s.dir, "client"), profile) : await profileSigner(configFile, profile);
        const { status } = await signedNamespaceGet(s.oci.url, signer.keyId, signer.key);
        expect(status).toBe(200);
        const who = s.oci.iam.namespaceCallers.at(-1)!;
        expect({ via: who.via, id: who.id }).toEqual({ via: c.mode === "resource" ? "rpst" : "upst", id: expected });
        if (c.mode === "resource") {
          for (const p of trust.claimPropagations ?? []) {
            const claim = String(p).replace(/^ext_/, "");
            if (claims[claim] !== undefined) expect(who.claims?.[`ext_${claim}`]).toBe(claims[claim]);
          }
        }

        if (c.mode !== "resource") {
          const refused = await exchange(
            s,
            subjectToken(mint, { ...base, sub: "e2e:nobody", [trust.subjectClaimName ?? "sub"]: "e2e:nobody" }),
            region,
          );
          expect(refused.code).toBe(1);
          expect(refused.stderr).toContain("wif-explain");
        }
        if (personal) s.oci.scim.remove("Users", personal); // the person's user is not the stack's
      },
      STEP,
    );

    test(
      "a trust deactivated behind Terraform's back shows in the next plan, and the review flags it",
      async () => {
        const [trust] = s.managed("IdentityPropagationTrusts");
        s.oci.scim.patch("IdentityPropagationTrusts", trust.id, { active: false });
        // The review fails it for turning the trust back on (WIF-D4), besides what it fails every plan of this config for.
        const planned = await s.plan("plan (drift)", ["WIF-D4"]);
        expect(planCounts(planned.stdout)).toMatchObject({ change: 1, destroy: 0 });
        expect(await s.destroysInPlan("show -json (drift)")).toEqual([]);
        expect(planned.stdout).toContain("WIF-D4");
        const deployed = await s.deploy("deploy (drift)");
        expect(deployed.code).toBe(0);
        expect(s.oci.scim.get("IdentityPropagationTrusts", trust.id)?.active).toBe(true);
      },
      STEP,
    );

    // Only for the configs npm run import can adopt whole (E2eCase.reimport): for the others it is no test at all,
    // rather than one counted as skipped.
    if (c.reimport)
      test(
        "npm run import adopts it all back from the domain: every resource imported, nothing created or destroyed, nothing live changed",
        async () => {
          // Forget everything Terraform knew: the state, runtimeConfig.ini, the synthesized stack.
          rmSync(join(s.dir, `terraform.${s.stackName}.tfstate`));
          rmSync(s.runtimeConfigPath);
          rmSync(join(s.dir, "cdktf.out"), { recursive: true });
          const compartment = /^\s*compartment_ocid\s*=\s*(\S+)/m.exec(s.readConfig())?.[1] ?? s.oci.tenancy;
          const imported = await s.importDomain("wif-import (again)", compartment);
          expectOk(imported, "wif-import");
          // The stack's name is not in the domain: keep the one this state file is named after.
          if (s.stackName !== "wif")
            s.writeConfig(addToSection(s.readConfig(), "WIFConfig", [`stack_name = ${s.stackName}`]));
          const live = liveSnapshot(s.oci);
          await s.plan("plan (import)");
          const actions = await s.planActions("show -json (import)");
          const managed = Object.entries(s.stack().resource).flatMap(([t, byName]: [string, any]) =>
            t === "terraform_data" ? [] : Object.keys(byName).map((n) => `${t}.${n}`),
          );
          expect(s.importsInPlan().sort()).toEqual(managed.sort());
          expect(
            Object.entries(actions).filter(
              ([a, x]) => x.includes("delete") || (x.includes("create") && !a.startsWith("terraform_data.")),
            ),
          ).toEqual([]);
          // What the provider's import cannot read (request-only attributes, Terraform-only arguments) is an update.
          const allowed = ["attribute_sets", "force_delete", "impersonation_service_users", "members"];
          for (const [address, keys] of Object.entries(s.updatedArguments()))
            expect({ address, other: keys.filter((k) => !allowed.includes(k)) }).toEqual({ address, other: [] });
          expectOk(await s.deploy("deploy (import)"), "deploy (import)");
          expect(liveSnapshot(s.oci)).toEqual(live);
          expect((await s.planIsEmpty("plan -detailed-exitcode (import)")).empty).toBe(true);
        },
        STEP,
      );

    test(
      "retire takes one deploy, then terraform destroy leaves the local OCI empty and removes runtimeConfig.ini",
      async () => {
        s.writeConfig(retireAll(s.readConfig()));
        await s.plan("plan (retire)");
        expect(await s.destroysInPlan("show -json (retire)")).toEqual([]);
        expect((await s.deploy("deploy (retire)")).code).toBe(0);
        expect(s.managed("Apps").every((a) => a.active === false)).toBe(true);
        expect(s.managed("IdentityPropagationTrusts").every((t) => t.active === false)).toBe(true);
        const gone = await s.terraform("terraform destroy", ["destroy", "-auto-approve", "-input=false", "-no-color"]);
        expectOk(gone, "gone");
        expect(s.oci.resourceCount()).toBe(existing);
        expect(existsSync(s.runtimeConfigPath)).toBe(false);
      },
      STEP,
    );
  });
}
