/**
 * The broker fixture applied for real, and `wif-broker` through what was applied: client credentials at the
 * domain's token endpoint → the deployment's endpoint (token authentication and scope as the deployment stores
 * them) → the function (this project's handler, with the configuration the function was given and a resource
 * principal) → the Vault secret (read only because the applied policy and dynamic group allow it) →
 * GenerateUserSecurityToken signed with the account's API key → a profile whose requests the local OCI accepts as
 * the account.
 *
 * Two departures from the fixture, both because of what this machine lacks: the first broker takes the second's
 * form `api_key = <public key file>` instead of `api_key = generate` (that needs the hashicorp/tls provider, which
 * cannot be installed offline here), so the test puts the private key into the secret itself, as README's step 3
 * says; and the second broker's existing vault and key (`vault_ocid`, `vault_key_ocid`) are made in the local OCI
 * first, with the fixture's OCIDs.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { E2E_STEP_MS as STEP, expectOk, Scenario } from "../support/e2e";
import { read, retireAll } from "./cases";
import { profileSigner, signedNamespaceGet } from "./exchange";

const VAULT = "ocid1.vault.oc1.iad.aaaaaaaaexamplevault000000000000000000000000000000000000";
const KEY = "ocid1.key.oc1.iad.aaaaaaaaexamplekey00000000000000000000000000000000000000";

export function defineBroker(suite: jest.Describe, timings: string[]): void {
  suite("the broker fixture applied for real, and wif-broker through it", () => {
    let s: Scenario;
    let existing = 0;
    const account = generateKeyPairSync("rsa", { modulusLength: 2048 });

    beforeAll(async () => {
      const ini = read("test/fixtures/broker.ini").replace(
        "[UpstBroker upst]\n",
        "[UpstBroker upst]\napi_key = keys/broker-public.pem\n",
      );
      s = await Scenario.start(ini);
      mkdirSync(join(s.dir, "keys"));
      writeFileSync(
        join(s.dir, "keys", "broker-public.pem"),
        account.publicKey.export({ type: "spki", format: "pem" }),
      );
      const made = { compartmentId: "ocid1.compartment.oc1..aaaaaaaaexamplebroker0000000000000000000000000000000000" };
      s.oci.broker.vaults.set(VAULT, { ...made, id: VAULT, displayName: "existing", lifecycleState: "ACTIVE" });
      s.oci.broker.keys.set(KEY, {
        ...made,
        id: KEY,
        vaultId: VAULT,
        displayName: "existing",
        lifecycleState: "ENABLED",
      });
      existing = s.oci.resourceCount();
    }, STEP);
    afterAll(async () => {
      if (!s) return;
      timings.push(`broker: ${s.timing()}`);
      const printed = s.printed.join("\n");
      for (const a of s.oci.scim.all("Apps")) expect(printed).not.toContain(a.clientSecret);
      for (const t of s.oci.server.authority.issued) expect(printed).not.toContain(t);
      expect(printed).not.toContain(account.privateKey.export({ type: "pkcs8", format: "pem" }) as string);
      await s.close();
    });

    test(
      "plan, deploy: vault, key, secrets, function, gateway and deployment are created and a second plan is empty",
      async () => {
        await s.plan();
        s.registerIssuers();
        expectOk(await s.deploy(), "deploy");
        expect(s.oci.broker.count()).toBe(2 + 1 + 1 + 2 + 1 + 1 + 1 + 1); // the two made by hand, vault, key, secrets, …
        const { empty, result } = await s.planIsEmpty();
        expect({ empty, out: empty ? "" : result.stdout }).toEqual({ empty: true, out: "" });
      },
      STEP,
    );

    test(
      "a new session length is made in place (the function's configuration)",
      async () => {
        s.writeConfig(s.readConfig().replace("session_minutes = 30", "session_minutes = 45"));
        await s.plan("plan (change)");
        expect(await s.destroysInPlan("show -json (change)")).toEqual([]);
        expectOk(await s.deploy("deploy (change)"), "deploy (change)");
        const fn = [...s.oci.broker.functions.values()].find((f) => f.displayName === "upst-fn")!;
        expect(fn.config.UPST_SESSION_MINUTES).toBe("45");
        expect((await s.planIsEmpty("plan -detailed-exitcode (change)")).empty).toBe(true);
      },
      STEP,
    );

    test(
      "wif-broker gets a session token of the broker's account through the gateway, the function and the secret",
      async () => {
        const state = (type: string) => Object.values(s.stateResources(type));
        const user = state("oci_identity_domains_user").find((u) => u.user_name === "upst-account");
        const apiKey = state("oci_identity_domains_api_key").find((k) => k.user[0].value === user.id);
        const secret = state("oci_vault_secret").find((x) => x.secret_name === "upst-api-key");
        // README, "The UPST broker", step 3: with api_key = <public key>, the private key goes into the secret once.
        const content = {
          user: user.ocid,
          tenancy: s.oci.tenancy,
          fingerprint: apiKey.fingerprint,
          region: s.oci.region,
          private_key: account.privateKey.export({ type: "pkcs8", format: "pem" }),
        };
        s.oci.broker.addSecretVersion(secret.id, Buffer.from(JSON.stringify(content)).toString("base64"));

        const client = state("oci_identity_domains_app").find((a) => a.display_name === "broker-caller");
        const deployment = state("oci_apigateway_deployment").find((d) => d.path_prefix === "/upst");
        const configFile = join(s.dir, "client", "config");
        const got = await s.bin(
          "wif-broker",
          "wif-broker",
          ["--region", s.oci.region, "--config-file", configFile, "--session-minutes", "15"],
          {
            WIF_DOMAIN_URL: s.oci.url,
            WIF_BROKER_CLIENT_ID: client.name,
            WIF_BROKER_CLIENT_SECRET: client.client_secret,
            WIF_BROKER_SCOPE: "https://upst-broker.example.com/upst.generate",
            // The deployment's endpoint and route (the upst_brokers output builds https://<gateway hostname>/…).
            WIF_BROKER_URL: `${deployment.endpoint}/token`,
          },
        );
        expectOk(got, "wif-broker");
        expect(s.oci.broker.bundleReads).toEqual([secret.id]);
        expect(s.oci.broker.upstCalls).toEqual([{ user: user.ocid, minutes: 15 }]);
        const signer = await profileSigner(configFile, "wif");
        expect((await signedNamespaceGet(s.oci.url, signer.keyId, signer.key)).status).toBe(200);
        expect(s.oci.iam.namespaceCallers.at(-1)).toMatchObject({ via: "upst", id: user.ocid });
      },
      STEP,
    );

    test(
      "retire, then terraform destroy removes everything the stack made (the vault and key only scheduled, as OCI does)",
      async () => {
        s.writeConfig(retireAll(s.readConfig()));
        await s.plan("plan (retire)");
        expect(await s.destroysInPlan("show -json (retire)")).toEqual([]);
        expectOk(await s.deploy("deploy (retire)"), "deploy (retire)");
        const gone = await s.terraform("terraform destroy", ["destroy", "-auto-approve", "-input=false", "-no-color"]);
        expectOk(gone, "destroy");
        expect(s.oci.resourceCount()).toBe(existing);
        expect([...s.oci.broker.vaults.values()].map((v) => v.lifecycleState).sort()).toEqual([
          "ACTIVE",
          "PENDING_DELETION",
        ]);
      },
      // The provider waits five minutes after deleting a Functions application ("known service issue",
      // ExtraWaitPostDelete in functions_application_resource.go), whatever the service answers.
      STEP + 420_000,
    );
  });
}
