/**
 * examples/multi-env applied for real: one base config and two overlays, each environment's stack planned and
 * deployed by name (`npm run plan -- wif-dev`) against its own local OCI (its own domain and tenancy, as the
 * overlays say), each with its own state and runtimeConfig.<env>.ini. The example's `[Backend]` (the native `oci`
 * state backend) is left out: it needs Terraform 1.12 and Object Storage, neither of which is here.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { E2E_STEP_MS as STEP, expectOk, Scenario } from "../support/e2e";
import { addToSection, read, retireAll } from "./cases";
import { claimsForRule, exchange, profileSigner, signedNamespaceGet, subjectToken, trustClaims } from "./exchange";

/** The text without one section (header to the next header). */
function withoutSection(ini: string, header: string): string {
  return ini.replace(new RegExp(`^\\[${header}\\][\\s\\S]*?(?=^\\[|(?![\\s\\S]))`, "m"), "");
}

export function defineEnvironments(suite: jest.Describe, timings: string[]): void {
  suite("examples/multi-env applied for real, each environment against its own local OCI", () => {
    const dir = mkdtempSync(join(tmpdir(), "wif-e2e-envs-"));
    const envs: Record<string, Scenario> = {};
    const base = join(dir, "setupConfig.ini");

    beforeAll(async () => {
      writeFileSync(base, withoutSection(read("examples/multi-env/setupConfig.ini"), "Backend"));
      mkdirSync(join(dir, "envs"));
      for (const env of ["dev", "prod"]) {
        const overlay = read(`examples/multi-env/envs/${env}.ini`);
        const s = await Scenario.environment(dir, env, overlay, { sessionProfiles: [`wif-${env}`] });
        writeFileSync(join(dir, "envs", `${env}.ini`), s.pointAtLocalOci(overlay));
        envs[env] = s;
      }
    }, STEP);
    afterAll(async () => {
      for (const [env, s] of Object.entries(envs)) {
        timings.push(`multi-env ${env}: ${s.timing()}`);
        const printed = s.printed.join("\n");
        for (const a of s.oci.scim.all("Apps")) expect(printed).not.toContain(a.clientSecret);
        await s.close();
      }
      rmSync(dir, { recursive: true, force: true });
    });
    // The base is shared: every environment's commands read it through WIF_CONFIG.
    const each = async (f: (s: Scenario, env: string) => Promise<void>) => {
      for (const [env, s] of Object.entries(envs)) await f(s, env);
    };

    test(
      "each stack deploys to its own domain, writes its own runtimeConfig.<env>.ini (0600), and re-plans empty",
      async () => {
        await each(async (s) => {
          await s.plan();
          s.registerIssuers();
          expectOk(await s.deploy(), `deploy ${s.stackName}`);
          expect(s.fileMode(s.runtimeConfigPath)).toBe(0o600);
          expect(s.managed("Apps")).toHaveLength(1);
          expect((await s.planIsEmpty()).empty).toBe(true);
        });
      },
      STEP,
    );

    test(
      "a description added to the base updates both apps in place",
      async () => {
        writeFileSync(
          base,
          addToSection(readFileSync(base, "utf8"), "WIFConfig", ["description = Shared by dev and prod (e2e)"]),
        );
        await each(async (s) => {
          const [app] = s.managed("Apps");
          await s.plan("plan (change)");
          expect(await s.destroysInPlan("show -json (change)")).toEqual([]);
          expectOk(await s.deploy("deploy (change)"), `deploy (change) ${s.stackName}`);
          expect(s.oci.scim.get("Apps", app.id)).toMatchObject({
            description: "Shared by dev and prod (e2e)",
            clientSecret: app.clientSecret,
          });
          expect((await s.planIsEmpty("plan -detailed-exitcode (change)")).empty).toBe(true);
        });
      },
      STEP,
    );

    test(
      "each environment's runtimeConfig.<env>.ini exchanges for its own service user",
      async () => {
        await each(async (s, env) => {
          const [trust] = s.managed("IdentityPropagationTrusts");
          const mint = s.registerIssuers().get(trust.issuer)!;
          const rule = trust.impersonationServiceUsers[0];
          const claims = {
            ...trustClaims({ client_claim_name: trust.clientClaimName, client_claim_values: trust.clientClaimValues }),
            ...claimsForRule(rule.rule),
          };
          expectOk(await exchange(s, subjectToken(mint, claims), ["--profile", `e2e-${env}`]), `exchange ${env}`);
          const signer = await profileSigner(join(s.dir, "client", "config"), `e2e-${env}`);
          expect((await signedNamespaceGet(s.oci.url, signer.keyId, signer.key)).status).toBe(200);
          expect(s.oci.iam.namespaceCallers.at(-1)).toMatchObject({ via: "upst", id: rule.ocid });
        });
      },
      STEP,
    );

    test(
      "retire in the base takes one deploy per stack, then terraform destroy empties each OCI",
      async () => {
        writeFileSync(base, retireAll(readFileSync(base, "utf8")));
        await each(async (s) => {
          await s.plan("plan (retire)");
          expect(await s.destroysInPlan("show -json (retire)")).toEqual([]);
          expectOk(await s.deploy("deploy (retire)"), `deploy (retire) ${s.stackName}`);
          const gone = await s.terraform("terraform destroy", [
            "destroy",
            "-auto-approve",
            "-input=false",
            "-no-color",
          ]);
          expectOk(gone, `destroy ${s.stackName}`);
          expect(s.oci.resourceCount()).toBe(0);
          expect(existsSync(s.runtimeConfigPath)).toBe(false);
        });
      },
      STEP,
    );
  });
}
