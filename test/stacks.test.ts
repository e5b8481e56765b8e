import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { synthesize } from "../app/synth";
import { configFrom, fixture, FIXTURES, scrub, synth } from "./support/stacks";

const FIXTURE_NAMES = [
  "seed-sample",
  "github",
  "gitlab",
  "resource-server",
  "broker",
  "user-context",
  "rpst",
  "rpst-gitlab",
  "wif-deploy",
];

/** Every resource's and output's logical ID, sorted: what Terraform state is keyed by. */
function logicalIds(doc: any): string[] {
  const ids: string[] = [];
  for (const [type, byId] of Object.entries<Record<string, unknown>>(doc.resource ?? {}))
    ids.push(...Object.keys(byId).map((id) => `${type}.${id}`));
  ids.push(...Object.keys(doc.output ?? {}).map((id) => `output.${id}`));
  return ids.sort();
}

describe.each(FIXTURE_NAMES)("the %s fixture", (name) => {
  test("matches its snapshot", () => {
    expect(scrub(synth(fixture(name).config).json)).toMatchSnapshot();
  });

  test("passes cdktf's own validations (provider presence, Terraform version), which synth skips for speed", () => {
    const { stack } = synth(fixture(name).config);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test("synthesizes to the same bytes twice", () => {
    expect(synth(fixture(name).config).json).toBe(synth(fixture(name).config).json);
  });

  test("marks exactly the outputs that can carry a secret sensitive", () => {
    const { doc } = synth(fixture(name).config);
    const secretLocals = Object.keys(doc.locals ?? {});
    const verdicts = Object.entries<any>(doc.output).map(([id, output]) => {
      const value = JSON.stringify(output.value);
      const carriesSecret =
        /client_secret|private_key/.test(value) || secretLocals.some((l) => value.includes(`local.${l}`));
      return [id, carriesSecret, output.sensitive === true];
    });
    expect(verdicts.filter(([, carries, sensitive]) => carries !== sensitive)).toEqual([]);
    expect(verdicts.filter(([, carries]) => carries).map(([id]) => id)).toEqual(
      expect.arrayContaining(["token_exchange_client_secret", "runtime_config_ini"]),
    );
  });
});

describe("the seed sample", () => {
  test("makes one app, one trust, one service user in one group, no policy, and the runtimeConfig.ini writer", () => {
    const { doc } = synth(fixture("seed-sample").config);
    const counts = Object.fromEntries(
      Object.entries<Record<string, unknown>>(doc.resource).map(([t, r]) => [t, Object.keys(r).length]),
    );
    expect(counts).toEqual({
      oci_identity_domains_app: 1,
      oci_identity_domains_group: 1,
      oci_identity_domains_identity_propagation_trust: 1,
      oci_identity_domains_user: 1,
      terraform_data: 1,
    });
  });

  test("pins the provider as registry.terraform.io/oracle/oci ~> 8.28, configured from [OCIConfig]", () => {
    const { doc } = synth(fixture("seed-sample").config);
    expect(doc.terraform.required_providers).toEqual({
      oci: { source: "registry.terraform.io/oracle/oci", version: "~> 8.28" },
    });
    expect(doc.provider.oci).toEqual([{ config_file_profile: "DEFAULT" }]);
  });

  test("keeps state next to the config file, by a relative path", () => {
    const { doc } = synth(fixture("seed-sample").config);
    expect(doc.terraform.backend).toEqual({ local: { path: "../../../terraform.wif.tfstate" } });
  });
});

describe("logical IDs", () => {
  const base = fixture("github");
  const idsOf = (text: string) => logicalIds(synth(configFrom(text, "github.ini").config).doc);
  const baseline = logicalIds(synth(base.config).doc);

  test("do not change when sections are reordered", () => {
    const parts = base.text.split(/\n(?=\[)/);
    const [head, ...sections] = parts;
    expect(idsOf([head, ...sections.reverse()].join("\n"))).toEqual(baseline);
  });

  test("do not change when rules are reordered", () => {
    const lines = base.text.split("\n");
    const ruleLines = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith("rule[]"));
    const reordered = [...lines];
    const firstThree = ruleLines.slice(0, 3);
    firstThree.forEach(([, i], k) => (reordered[i] = firstThree[2 - k][0]));
    expect(reordered).not.toEqual(lines);
    expect(idsOf(reordered.join("\n"))).toEqual(baseline);
  });

  test("do not change when display names change", () => {
    const renamed = base.text
      .replace("token_exchange_app_name = github-token-exchange", "token_exchange_app_name = renamed-exchange")
      .replace("name = github-actions", "name = renamed-trust")
      .replace("group = ci-deployers", "group = renamed-deployers");
    const { doc } = synth(configFrom(renamed, "github.ini").config);
    expect(Object.values<any>(doc.resource.oci_identity_domains_app)[0].display_name).toBe("renamed-exchange");
    expect(logicalIds(doc)).toEqual(baseline);
  });

  test("derive from the issuer and the user name", () => {
    expect(baseline.filter((id) => !id.startsWith("output.")).map((id) => id.replace(/_[0-9A-F]{8}$/, ""))).toEqual([
      "oci_identity_domains_app.Wif_TokenExchangeClient_App",
      "oci_identity_domains_group.Wif_ServiceUser-ci-deployer_Group",
      "oci_identity_domains_group.Wif_ServiceUser-ci-reader_Group",
      "oci_identity_domains_group.Wif_ServiceUser-ci-releaser_Group",
      "oci_identity_domains_identity_propagation_trust.Wif_Trust-token-actions-githubusercontent-com_Trust",
      "oci_identity_domains_user.Wif_ServiceUser-ci-deployer_User",
      "oci_identity_domains_user.Wif_ServiceUser-ci-reader_User",
      "oci_identity_domains_user.Wif_ServiceUser-ci-releaser_User",
      "oci_identity_policy.Wif_Policy-ci-deployer_Policy",
      "oci_identity_policy.Wif_Policy-ci-reader_Policy",
      "oci_identity_policy.Wif_Policy-ci-releaser_Policy",
      "terraform_data.Wif_RuntimeConfig_File",
    ]);
  });
});

describe("synthesize (what `npm run synth` and `cdktf synth` run)", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "wif-synth-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("writes byte-identical stacks on two runs", () => {
    const lines: string[] = [];
    const a = synthesize({
      configPath: join(FIXTURES, "github.ini"),
      outdir: join(dir, "a"),
      log: (l) => lines.push(l),
    });
    const b = synthesize({
      configPath: join(FIXTURES, "github.ini"),
      outdir: join(dir, "b"),
      log: (l) => lines.push(l),
    });
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    expect(readFileSync(join(dir, "a/stacks/wif/cdk.tf.json"), "utf8")).toBe(
      readFileSync(join(dir, "b/stacks/wif/cdk.tf.json"), "utf8"),
    );
  });

  test("creates an output directory whose parents do not exist yet", () => {
    const result = synthesize({
      configPath: join(FIXTURES, "github.ini"),
      outdir: join(dir, "a", "b", "out"),
      log: () => undefined,
    });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(dir, "a", "b", "out", "stacks", "wif", "cdk.tf.json"), "utf8")).toContain(
      '"oci_identity_domains_app"',
    );
  });

  test("prints config warnings and construct warnings, one line each", () => {
    const lines: string[] = [];
    synthesize({ configPath: join(FIXTURES, "gitlab.ini"), outdir: join(dir, "out"), log: (l) => lines.push(l) });
    expect(lines).toEqual([
      "warning: WIF-W-TRUST-NO-AUDIENCE PropagationTrust at 'wif-gitlab/Wif/Trust-gitlab-internal-example-com': trust for https://gitlab.internal.example.com has no audience constraint, so a token the issuer minted for any other service is accepted. Set an audience ([Trust] audience = …) and request tokens for it.",
    ]);
  });

  test("prints WIF-W-GITHUB-OWNER once for a GitHub resource trust that pins no owner on purpose", () => {
    // Without allow_unpinned the config is refused (config/tenant-pin.ts); allowed, the risk is still printed.
    const config = join(dir, "rpst-no-owner.ini");
    writeFileSync(
      config,
      readFileSync(join(FIXTURES, "rpst.ini"), "utf8").replace(
        "validate[] = github owner_id=1234567\n",
        "allow_unpinned = a demo whose workloads can only read a public bucket\n",
      ),
    );
    const lines: string[] = [];
    synthesize({ configPath: config, outdir: join(dir, "out-rpst"), log: (l) => lines.push(l) });
    expect(lines).toEqual([
      "warning: WIF-W-GITHUB-OWNER PropagationTrust at 'wif/Wif/Trust-token-actions-githubusercontent-com': GitHub trust without a claim validation that pins the owner, so a workflow of any GitHub account can present a token. Add validate[] = github owner_id=<id> (claim_validations repository_owner_id).",
    ]);
  });

  test("fails with every problem listed, exit code 2 (bad input), and writes nothing", () => {
    const config = join(dir, "setupConfig.ini");
    writeFileSync(
      config,
      "[IdentityDomain]\niam_guid = http://x\n[Trust t]\nissuer = https://i.example\njwk_uri = https://i.example/k\n[ServiceUser u]\nrule[] = sub eq *\n",
    );
    const lines: string[] = [];
    const result = synthesize({ configPath: config, outdir: join(dir, "out"), log: (l) => lines.push(l) });
    expect(result.exitCode).toBe(2);
    expect(lines).toEqual([
      `error: 2 problems in ${config}; nothing was written.`,
      `  ${config}:2 [IdentityDomain] iam_guid: must be an https URL; got "http://x". OCI fetches keys and checks issuers over TLS only; use the https:// form.`,
      `  ${config}:7 [ServiceUser u] rule: matches every token the issuer signs, so anyone who can get one could become this user; got "sub eq *". Narrow the rule, or set allow_wildcard_rules = true in [Trust t] if that is really meant.`,
    ]);
    expect(() => readFileSync(join(dir, "out", "manifest.json"))).toThrow();
  });

  test("every stack it writes passes the offline schema check", () => {
    // The same check as test/lib/schema-check.test.ts, on the files as written to disk.
    const { checkStackAgainstSchema } = require("../scripts/schema/schema-check");
    const { loadAllSchemas } = require("../scripts/schema/provider-schema");
    for (const name of FIXTURE_NAMES) {
      const out = join(dir, name);
      const { stackDir } = synthesize({ configPath: join(FIXTURES, `${name}.ini`), outdir: out, log: () => undefined });
      const doc = JSON.parse(readFileSync(join(stackDir!, "cdk.tf.json"), "utf8"));
      expect([name, checkStackAgainstSchema(doc, loadAllSchemas())]).toEqual([name, []]);
    }
  });
});

describe("the wif-deploy fixture (auth = WorkloadIdentityFederation)", () => {
  test("configures the provider to exchange the pipeline's token, with no profile and no secret", () => {
    const { doc } = synth(fixture("wif-deploy").config);
    expect(doc.provider.oci).toEqual([
      {
        auth: "WorkloadIdentityFederation",
        region: "eu-frankfurt-1",
        token_exchange_client_id: "0123456789abcdef0123456789abcdef",
        token_exchange_domain_url: "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com",
        token_exchange_requested_token_type: "urn:oci:token-type:oci-rpst",
        token_exchange_resource_type: "infra-deployer",
        workload_identity_token_path: "/tmp/oidc/token",
      },
    ]);
    expect(JSON.stringify(doc.provider)).not.toMatch(/secret/i);
  });

  test("keeps claim validations on an impersonation trust and its rules as before", () => {
    const trust = Object.values<any>(
      synth(fixture("wif-deploy").config).doc.resource.oci_identity_domains_identity_propagation_trust,
    )[0];
    expect([trust.allow_impersonation, trust.subject_type, trust.claim_validations]).toEqual([
      true,
      undefined,
      [{ name: "repository_owner_id", value: "1234567" }],
    ]);
  });
});
