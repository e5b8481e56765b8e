/**
 * Import for real: the local OCI holds a set-up as the Oracle sample's wifSetup.py leaves a domain (the shape of
 * test/adopt/seed-setup.ts), `npm run import` reads it into setupConfig.ini and wif-imports.json, and the real
 * provider imports every resource by the IDs the importer wrote: the first plan only imports (nothing added,
 * changed or destroyed but runtimeConfig.ini's writer), the deploy keeps the client ID and secret, the next plan is
 * empty, and the exchange works with the secret the app already had.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LocalOci } from "../../testing/local-oci";
import { seedSetup } from "../adopt/seed-setup";
import { E2E_STEP_MS as STEP, Scenario, expectOk } from "../support/e2e";
import { claimsForRule, exchange, profileSigner, signedNamespaceGet, subjectToken } from "./exchange";

/** Creates seed-setup.ts's apps, user, group, trust and policies in the local OCI, as the console would. */
export function populateLikeSeed(oci: LocalOci): { clientId: string; secret: string } {
  const data = seedSetup();
  const ids = new Map<string, { id: string; ocid: string }>();
  const strip = ({ id: _i, ocid: _o, ...rest }: Record<string, any>) => rest;
  for (const u of data.Users) {
    const made = oci.scim.create("Users", strip(u));
    ids.set(u.id, { id: made.id, ocid: made.ocid });
  }
  for (const g of data.Groups) {
    const members = (g.members ?? []).map((m: any) => ({ type: m.type, value: ids.get(m.value)!.id }));
    oci.scim.create("Groups", { ...strip(g), members });
  }
  let exchangeApp: Record<string, any> | undefined;
  for (const a of data.Apps) {
    const made = oci.scim.create("Apps", strip(a));
    if (a.displayName === "TokenExchangeClient") exchangeApp = made;
  }
  for (const t of data.IdentityPropagationTrusts) {
    const rules = t.impersonationServiceUsers.map((m: any) => ({ rule: m.rule, ...ids.get(m.value)! }));
    oci.scim.create("IdentityPropagationTrusts", {
      ...strip(t),
      oauthClients: [exchangeApp!.name],
      impersonationServiceUsers: rules.map((r: any) => ({ rule: r.rule, value: r.id, ocid: r.ocid })),
    });
  }
  for (const p of data.policies) {
    oci.iam.addPolicy({
      compartmentId: oci.tenancy,
      name: p.name,
      description: p.description,
      statements: p.statements,
    });
  }
  return { clientId: exchangeApp!.name, secret: exchangeApp!.clientSecret };
}

/**
 * A value without its `false` and `""` members: the provider's update sends every nested attribute its state has,
 * unset ones as zero values (GetOkExists, e.g. mapToAppBasedOnTemplate in identity_domains_app_resource.go), so an
 * import's first apply adds `wellKnownId: ""` and `bypassNotification: false` where nothing was set (README, Known
 * gaps).
 */
export function withoutZeroValues(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutZeroValues);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== false && x !== "")
        .map(([k, x]) => [k, withoutZeroValues(x)]),
    );
  return v;
}

/**
 * What the domain and IAM hold, without the bookkeeping an update changes (`meta`, `idcsLastModifiedBy`) and the
 * zero values the provider's update adds.
 */
export function liveSnapshot(oci: LocalOci): unknown {
  const scim = (["Apps", "Users", "Groups", "IdentityPropagationTrusts"] as const).map((t) =>
    oci.scim.all(t).map(({ meta: _m, idcsLastModifiedBy: _b, ...r }) => ({
      ...r,
      members: r.members?.map(({ value }: any) => value).sort(),
      impersonationServiceUsers: r.impersonationServiceUsers?.map(({ rule, value }: any) => `${rule}→${value}`).sort(),
    })),
  );
  return withoutZeroValues({ scim, policies: oci.iam.livePolicies().map(({ etag: _e, ...p }) => p) });
}

/** Declares the import scenario in `suite`. */
export function defineAdoption(suite: jest.Describe, timings: string[]): void {
  suite("a set-up made by the Oracle sample's wifSetup.py, imported for real", () => {
    let s: Scenario;
    let seeded: { clientId: string; secret: string };

    beforeAll(async () => {
      s = await Scenario.start("[IdentityDomain]\niam_guid = http://127.0.0.1\n");
      seeded = populateLikeSeed(s.oci);
    }, STEP);
    afterAll(async () => {
      if (!s) return;
      timings.push(`import (seed set-up): ${s.timing()}`);
      const printed = s.printed.join("\n");
      for (const secret of [seeded.secret, ...s.oci.server.authority.issued]) expect(printed).not.toContain(secret);
      await s.close();
    });

    test(
      "npm run import writes a config whose first plan imports every resource and creates only runtimeConfig.ini's writer; the deploy changes nothing live",
      async () => {
        const before = s.oci.resourceCount();
        const imported = await s.importDomain("wif-import", s.oci.tenancy, [
          "--issuer",
          "https://token.actions.githubusercontent.com",
        ]);
        expectOk(imported, "imported");

        // The sample's trust has no audience constraint, and the import keeps it as it is: the review fails it for
        // that (WIF-T1) as well as for the loopback domain (WIF-L1).
        await s.plan("plan (import)", ["WIF-T1"]);
        const actions = await s.planActions("show -json (import)");
        // Everything the stack manages is imported; only runtimeConfig.ini's writer is created, nothing destroyed.
        expect(s.importsInPlan().sort()).toEqual(
          Object.keys(s.stack().resource)
            .flatMap((t) => (t === "terraform_data" ? [] : Object.keys(s.stack().resource[t]).map((n) => `${t}.${n}`)))
            .sort(),
        );
        const created = Object.entries(actions).filter(([, a]) => a.includes("create"));
        expect(created.map(([address]) => address)).toEqual([
          expect.stringMatching(/^terraform_data\..*RuntimeConfig/),
        ]);
        expect(Object.entries(actions).filter(([, a]) => a.includes("delete"))).toEqual([]);
        // The provider imports by ID alone, so its read sends no attributeSets: what the domain returns only on
        // request (a group's members, a trust's rules) and the Terraform-only arguments (force_delete,
        // attribute_sets) show as in-place updates on this first plan. They write back what is already there.
        const allowed = ["attribute_sets", "force_delete", "impersonation_service_users", "members"];
        for (const [address, keys] of Object.entries(s.updatedArguments()))
          expect({ address, other: keys.filter((k) => !allowed.includes(k)) }).toEqual({ address, other: [] });
        const live = liveSnapshot(s.oci);

        const deployed = await s.deploy("deploy (import)");
        expectOk(deployed, "deployed");
        expect(s.oci.resourceCount()).toBe(before); // nothing new in the domain or IAM
        expect(liveSnapshot(s.oci)).toEqual(live); // and nothing that was there changed
        const { empty, result } = await s.planIsEmpty("plan -detailed-exitcode (import)");
        expect({ empty, out: empty ? "" : result.stdout }).toEqual({ empty: true, out: "" });
        const runtime = readFileSync(s.runtimeConfigPath, "utf8");
        expect(runtime).toContain(`oauthclientid = ${seeded.clientId}`);
        expect(runtime).toContain(`oauthclientsecret = ${seeded.secret}`);
      },
      STEP,
    );

    test(
      "the exchange works with the client secret the app always had",
      async () => {
        const mint = s.registerIssuers().get("https://token.actions.githubusercontent.com")!;
        const [trust] = s.oci.scim.all("IdentityPropagationTrusts");
        const rule = trust.impersonationServiceUsers[0];
        const ok = await exchange(s, subjectToken(mint, claimsForRule(rule.rule)), ["--region", s.oci.region]);
        expectOk(ok, "ok");
        const signer = await profileSigner(join(s.dir, "client", "config"), "wif");
        expect((await signedNamespaceGet(s.oci.url, signer.keyId, signer.key)).status).toBe(200);
        expect(s.oci.iam.namespaceCallers.at(-1)).toMatchObject({ via: "upst", id: rule.ocid });
      },
      STEP,
    );
  });
}
