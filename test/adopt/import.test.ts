import { createHash, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../adopt/cli";
import { signedGetJson } from "../../adopt/identity-client";
import { scimList } from "../../adopt/scim";
import { IMPORT_SCHEMAS } from "../../adopt/discover";
import { loadConfig } from "../../config/load-config";
import { loadAllSchemas } from "../../scripts/schema/provider-schema";
import { checkStackAgainstSchema } from "../../scripts/schema/schema-check";
import { startIdentityDomain, type DomainData, type IdentityDomainStandIn } from "../support/identity-domain";
import { synth } from "../support/stacks";
import { CLIENT_ID, DOMAIN, SECRET, seedSetup, TENANCY } from "./seed-setup";

const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const publicKeyPem = keys.publicKey.export({ type: "spki", format: "pem" }).toString();
let work: string;
let standIn: IdentityDomainStandIn;
let data: DomainData;

beforeEach(async () => {
  // oci-common notes on the console when a config has no DEFAULT profile; that is not under test.
  jest.spyOn(console, "info").mockImplementation(() => {});
  work = mkdtempSync(join(tmpdir(), "wif-import-"));
  const keyFile = join(work, "admin.pem");
  writeFileSync(keyFile, keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), { mode: 0o600 });
  const fingerprint = createHash("md5")
    .update(keys.publicKey.export({ type: "spki", format: "der" }))
    .digest("hex")
    .match(/../g)!
    .join(":");
  writeFileSync(
    join(work, "oci-config"),
    `[ADMIN]\nuser=ocid1.user.oc1..aaaaaaaaadmin\nfingerprint=${fingerprint}\nkey_file=${keyFile}\ntenancy=${TENANCY}\nregion=us-ashburn-1\n`,
  );
  data = seedSetup();
  standIn = await startIdentityDomain(data, { publicKeyPem, maxPage: 1 });
});
afterEach(async () => {
  jest.restoreAllMocks();
  await standIn.close();
  rmSync(work, { recursive: true, force: true });
});

async function runImport(...extra: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const io = { out: (l: string) => (out += `${l}\n`), err: (l: string) => (out += `${l}\n`) };
  const argv = [
    "--domain",
    DOMAIN,
    "--endpoint",
    standIn.url,
    "--iam-endpoint",
    standIn.url,
    "--compartment",
    TENANCY,
    "--profile",
    "ADMIN",
    "--config-file",
    join(work, "oci-config"),
    "--out",
    join(work, "setupConfig.ini"),
    ...extra,
  ];
  return { code: await main(argv, io), out };
}

/** Resolves `${type.name.attr}` references of the synthesized stack to the stand-in's values. */
function resolver(live: Record<string, any>): (v: unknown) => unknown {
  const resolve = (v: unknown): unknown => {
    if (typeof v === "string") {
      const m = /^\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.(\w+)\}$/.exec(v);
      return m ? live[`${m[1]}.${m[2]}`][m[3]] : v;
    }
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  return resolve;
}

describe("SCIM lists", () => {
  test("are read page by page with startIndex and count until totalResults", async () => {
    const get = signedGetJson({ profile: "ADMIN", configFile: join(work, "oci-config") });
    // The stand-in caps count at 1, so the two apps take two pages.
    const apps = await scimList(get, standIn.url, "Apps", IMPORT_SCHEMAS.app, { attributes: ["displayName"] });
    expect(apps.map((a) => a.displayName)).toEqual(["AdminClient", "TokenExchangeClient"]);
    expect(standIn.requests).toEqual([
      "GET /admin/v1/Apps?attributes=displayName&count=100&startIndex=1",
      "GET /admin/v1/Apps?attributes=displayName&count=100&startIndex=2",
    ]);
  });
});

describe("npm run import of a set-up as the Oracle sample leaves it", () => {
  test("writes a config and imports whose stack imports every live resource and sets exactly the values the domain holds", async () => {
    const r = await runImport();
    expect([r.code, r.out]).toEqual([
      0,
      expect.stringContaining("wif-import: 1 trust(s), 1 app, 1 service user(s), 5 import(s)"),
    ]);
    const { config, warnings } = loadConfig(join(work, "setupConfig.ini"));
    expect(warnings).toEqual([]);
    const { doc } = synth(config);
    expect(checkStackAgainstSchema(doc, loadAllSchemas())).toEqual([]);

    // Every managed resource but runtimeConfig.ini's writer (which has no live counterpart) has an import block.
    const byAddress = new Map<string, any>();
    for (const [type, all] of Object.entries<any>(doc.resource))
      for (const [name, body] of Object.entries(all)) byAddress.set(`${type}.${name}`, body);
    const imports = new Map<string, string>((doc.import ?? []).map((i: any) => [i.to, i.id]));
    expect([...byAddress.keys()].filter((a) => !imports.has(a))).toEqual([
      expect.stringMatching(/^terraform_data\.Wif_RuntimeConfig/),
    ]);

    const [trust] = data.IdentityPropagationTrusts;
    const app = data.Apps[1];
    const [user] = data.Users;
    const [group] = data.Groups;
    const [policy] = data.policies;
    const address = (type: string) => [...byAddress.keys()].find((a) => a.startsWith(`${type}.`))!;
    const live: Record<string, any> = {
      [address("oci_identity_domains_app")]: { name: app.name, id: app.id },
      [address("oci_identity_domains_user")]: { id: user.id, ocid: user.ocid },
      [address("oci_identity_domains_group")]: { id: group.id, ocid: group.ocid },
    };
    expect(Object.fromEntries(imports)).toEqual({
      [address("oci_identity_domains_app")]: `idcsEndpoint/${DOMAIN}/apps/${app.id}`,
      [address("oci_identity_domains_identity_propagation_trust")]:
        `idcsEndpoint/${DOMAIN}/identityPropagationTrusts/${trust.id}`,
      [address("oci_identity_domains_user")]: `idcsEndpoint/${DOMAIN}/users/${user.id}`,
      [address("oci_identity_domains_group")]: `idcsEndpoint/${DOMAIN}/groups/${group.id}`,
      [address("oci_identity_policy")]: policy.id,
    });

    const resolve = resolver(live);
    const body = (type: string) => resolve(byAddress.get(address(type))) as any;
    // What the provider reads back and compares; force_delete, attribute_sets and lifecycle are Terraform-side only.
    const a = body("oci_identity_domains_app");
    expect([
      a.idcs_endpoint,
      a.display_name,
      a.description,
      a.active,
      a.is_oauth_client,
      a.client_type,
      a.allowed_grants,
      a.based_on_template.value,
      a.schemas,
    ]).toEqual([
      DOMAIN,
      app.displayName,
      app.description,
      app.active,
      app.isOAuthClient,
      app.clientType,
      app.allowedGrants,
      app.basedOnTemplate.value,
      app.schemas,
    ]);
    const t = body("oci_identity_domains_identity_propagation_trust");
    expect([
      t.name,
      t.type,
      t.issuer,
      t.public_key_endpoint,
      t.active,
      t.allow_impersonation,
      t.oauth_clients,
      t.description,
      t.schemas,
      t.client_claim_name,
      t.client_claim_values,
    ]).toEqual([
      trust.name,
      trust.type,
      trust.issuer,
      trust.publicKeyEndpoint,
      trust.active,
      trust.allowImpersonation,
      [CLIENT_ID],
      trust.description,
      trust.schemas,
      undefined,
      undefined,
    ]);
    expect(t.impersonation_service_users).toEqual(trust.impersonationServiceUsers);
    const u = body("oci_identity_domains_user");
    expect([u.user_name, u.description, u.urnietfparamsscimschemasoracleidcsextensionuser_user]).toEqual([
      user.userName,
      user.description,
      { service_user: true },
    ]);
    const g = body("oci_identity_domains_group");
    expect([g.display_name, g.members]).toEqual([group.displayName, [{ type: "User", value: user.id }]]);
    const p = body("oci_identity_policy");
    expect([p.name, p.description, p.compartment_id, p.statements]).toEqual([
      policy.name,
      policy.description,
      policy.compartmentId,
      policy.statements,
    ]);
  });

  test("never asks for, prints or writes the client secret", async () => {
    const r = await runImport();
    expect(r.code).toBe(0);
    const written =
      readFileSync(join(work, "setupConfig.ini"), "utf8") + readFileSync(join(work, "wif-imports.json"), "utf8");
    expect([
      written.includes(SECRET),
      r.out.includes(SECRET),
      standIn.requests.some((q) => /clientSecret/i.test(decodeURIComponent(q))),
    ]).toEqual([false, false, false]);
  });

  test("asks the domain with SCIM filters, the attributes it needs (rules included), and pages of the stand-in's size", async () => {
    await runImport("--issuer", "https://token.actions.githubusercontent.com");
    const q = standIn.requests.map((x) => decodeURIComponent(x.replace(/\+/g, " ")));
    expect(q).toContainEqual(
      expect.stringMatching(
        /^GET \/admin\/v1\/IdentityPropagationTrusts\?filter=issuer eq "https:\/\/token.actions.githubusercontent.com"&attributes=.*impersonationServiceUsers.*&count=100&startIndex=1$/,
      ),
    );
    expect(q).toContainEqual(
      `GET /admin/v1/Apps?filter=name eq "${CLIENT_ID}"&attributes=name,displayName,description,active,isOAuthClient,clientType,allowedGrants,basedOnTemplate,allowedScopes&count=100&startIndex=1`,
    );
    expect(q).toContainEqual(
      expect.stringMatching(/^GET \/admin\/v1\/Groups\?filter=members\[value eq "3c1a5e7f9b2d4f6a8c0e1b3d5f7a9c2e"\]/),
    );
    // Two policies, one per page: the second page is asked for with opc-next-page's value.
    expect(q.filter((x) => x.startsWith("GET /20160918/policies"))).toEqual([
      `GET /20160918/policies?compartmentId=${TENANCY}&limit=1000`,
      `GET /20160918/policies?compartmentId=${TENANCY}&limit=1000&page=1`,
    ]);
  });

  test("writes what it could not adopt as comments, and adopts an inactive trust as retired", async () => {
    data.IdentityPropagationTrusts[0].active = false;
    data.Groups[0].description = "made by hand";
    await runImport();
    const ini = readFileSync(join(work, "setupConfig.ini"), "utf8");
    expect(ini).toContain("retire = true   ; the trust is inactive in the domain");
    expect(ini).toContain(
      '; - group "ServiceUser-group" has a description, which setupConfig.ini cannot say; the first plan will clear it',
    );
  });

  test("adopts every user a trust maps to, and notes the groups and policies it leaves alone", async () => {
    const second = {
      ...data.Users[0],
      id: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d",
      ocid: "ocid1.user.oc1..aaaaaaaasecond",
      userName: "Releaser",
      description: "releases",
    };
    data.Users.push(second);
    data.IdentityPropagationTrusts[0].impersonationServiceUsers.push({
      rule: "sub eq repo:octo-org/octo-repo:ref:refs/tags/v1",
      value: second.id,
      ocid: second.ocid,
    });
    data.Groups.push(
      {
        id: "g2",
        ocid: "ocid1.group.oc1..aaaaaaaareleasers",
        displayName: "Releaser-group",
        members: [{ type: "User", value: second.id }],
      },
      {
        id: "g3",
        ocid: "ocid1.group.oc1..aaaaaaaashared",
        displayName: "Shared",
        members: [
          { type: "User", value: second.id },
          { type: "User", value: "someone-else" },
        ],
      },
    );
    data.policies.push({
      id: "ocid1.policy.oc1..aaaaaaaamixed",
      compartmentId: TENANCY,
      name: "Mixed",
      statements: [
        "Allow group 'Default'/'Releaser-group' to read buckets in compartment ci",
        "Allow group Others to read all-resources in tenancy",
      ],
    });
    expect((await runImport()).code).toBe(0);
    const ini = readFileSync(join(work, "setupConfig.ini"), "utf8");
    expect(ini).toContain(
      "[ServiceUser Releaser]\ntrust = WIF-Trust\nrule[] = sub eq repo:octo-org/octo-repo:ref:refs/tags/v1\ndescription = releases\ngroup = Releaser-group\n",
    );
    expect(ini).toContain('; - user "Releaser" is also in group "Shared", which is left alone');
    expect(ini).toContain('; - policy "Mixed" grants to group "Releaser-group" and to others; left alone');
    const { config } = loadConfig(join(work, "setupConfig.ini"));
    expect(Object.keys(config.imports!).sort()).toEqual([
      "Wif/Policy-ServiceUser/Policy",
      "Wif/ServiceUser-Releaser/Group",
      "Wif/ServiceUser-Releaser/User",
      "Wif/ServiceUser-ServiceUser/Group",
      "Wif/ServiceUser-ServiceUser/User",
      "Wif/TokenExchangeClient/App",
      "Wif/Trust-token-actions-githubusercontent-com/Trust",
    ]);
  });

  test("signs with the profile's API key, or with its session token when the profile has one", async () => {
    await runImport();
    expect(new Set(standIn.keyIds)).toEqual(
      new Set([
        expect.stringMatching(
          /^ocid1\.tenancy\.oc1\.\.[a-z0-9]+\/ocid1\.user\.oc1\.\.aaaaaaaaadmin\/([0-9a-f]{2}:){15}[0-9a-f]{2}$/,
        ),
      ]),
    );
    const claims = Buffer.from(
      JSON.stringify({
        sub: "ocid1.user.oc1..aaaaaaaaadmin",
        tenant: TENANCY,
        exp: Math.floor(Date.now() / 1000) + 3600,
      }),
    ).toString("base64url");
    const session = `eyJhbGciOiJSUzI1NiJ9.${claims}.c2lnbmF0dXJl`;
    writeFileSync(join(work, "token"), session);
    writeFileSync(
      join(work, "oci-config"),
      `${readFileSync(join(work, "oci-config"), "utf8")}security_token_file=${join(work, "token")}\n`,
    );
    standIn.keyIds.length = 0;
    const r = await runImport("--force");
    expect([r.code, new Set(standIn.keyIds), r.out.includes(session)]).toEqual([0, new Set([`ST$${session}`]), false]);
  });

  test("fails when no trust matches the filter, naming the filter", async () => {
    const r = await runImport("--trust-name", 'x" or name pr "');
    expect([r.code, r.out]).toEqual([
      1,
      `error: no JWT trust with impersonation in ${DOMAIN} matching name eq "x\\" or name pr \\"\"; check --issuer / --trust-name.\n`,
    ]);
  });

  test("fails when the domain refuses the signature, without a stack trace", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(join(work, "admin.pem"), other.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const r = await runImport();
    expect([r.code, r.out]).toEqual([
      1,
      `error: GET ${standIn.url}/admin/v1/IdentityPropagationTrusts: 401. The profile's user must be an identity domain administrator (and may read policies), and its key or session must be valid.\n`,
    ]);
  });

  test.each([
    [
      "--domain is missing",
      [],
      "error: --domain is required: the identity domain's URL, https://idcs-<id>.identity.oraclecloud.com.\n",
    ],
    [
      "--domain is http",
      ["--domain", "http://idcs-x.identity.oraclecloud.com"],
      'error: --domain "http://idcs-x.identity.oraclecloud.com": must be an https origin without a path, e.g. https://idcs-<id>.identity.oraclecloud.com.\n',
    ],
    [
      "--compartment is not an OCID",
      ["--domain", DOMAIN, "--compartment", "ci"],
      'error: --compartment "ci": not a compartment or tenancy OCID.\n',
    ],
    [
      "--compartment names a realm that does not exist",
      ["--domain", DOMAIN, "--compartment", TENANCY.replace(".oc1.", ".oc77."), "--region", "us-ashburn-1"],
      `error: --compartment "${TENANCY.replace(".oc1.", ".oc77.")}": names the realm "oc77", which does not exist; the realms are oc1, oc2, oc3, oc4, oc8, oc9, oc10, oc14, oc15, oc19, oc20, oc21, oc23, oc24, oc26, oc29, oc35, oc42, oc51, oc52.\n`,
    ],
    [
      "--compartment is in another realm than --region",
      ["--domain", DOMAIN, "--compartment", TENANCY.replace(".oc1.", ".oc2."), "--region", "us-ashburn-1"],
      "error: --compartment is in realm oc2, but --region us-ashburn-1 is in oc1; give the region of the compartment's realm.\n",
    ],
  ])("fails when %s", async (_, argv, expected) => {
    let out = "";
    const code = await main(argv as string[], {
      out: (l: string) => (out += `${l}\n`),
      err: (l: string) => (out += `${l}\n`),
    });
    expect([code, out]).toEqual([2, expected]);
  });
});
