import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRuntimeConfig } from "../../constructs/runtime-config-file";
import { UsageError } from "../../core/errors";
import { parseRuntimeConfig, readRuntimeConfig } from "../../core/runtime-config";
import { removeTempDirs, tempDir } from "../client/harness";

afterAll(removeTempDirs);

const DOMAIN = "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com";

function errorsOf(text: string): readonly string[] {
  try {
    parseRuntimeConfig(text, "runtimeConfig.ini");
  } catch (err) {
    if (err instanceof UsageError) return err.lines;
    throw err;
  }
  return [];
}

describe("readRuntimeConfig", () => {
  test("reads what renderRuntimeConfig writes, with configparser's %% read as %", () => {
    const text = renderRuntimeConfig({
      domainUrl: DOMAIN,
      clientId: "0123456789abcdef0123456789abcdef",
      clientSecret: "idcscs-5e3c%%b0c1-a8f4",
      tenancyOcid: "ocid1.tenancy.oc1..aaaaaaaaexample",
      region: "us-ashburn-1",
      profileName: "ci",
      trusts: [
        { label: "github", issuer: "https://token.actions.githubusercontent.com", audiences: ["oci-wif", "x%y"] },
        { label: "gitlab-com", issuer: "https://gitlab.com", audiences: [] },
      ],
    });
    expect(parseRuntimeConfig(text, "runtimeConfig.ini")).toEqual({
      file: "runtimeConfig.ini",
      domainUrl: DOMAIN,
      clientId: "0123456789abcdef0123456789abcdef",
      clientSecret: "idcscs-5e3c%b0c1-a8f4",
      subjectToken: undefined,
      tenancy: "ocid1.tenancy.oc1..aaaaaaaaexample",
      region: "us-ashburn-1",
      profile: "ci",
      trusts: [
        { label: "github", issuer: "https://token.actions.githubusercontent.com", audiences: ["oci-wif", "x%y"] },
        { label: "gitlab-com", issuer: "https://gitlab.com", audiences: [] },
      ],
      warnings: [],
    });
  });

  test("reads the seed's two-section format, with its subject token, and drops a trailing / from the domain URL", () => {
    const config = parseRuntimeConfig(
      `[IdentityDomain]\niam_guid=${DOMAIN}/\n[WIFConfig]\noauthclientid=abc\noauthclientsecret=s3cr3t-value\nsubjecttoken=a.b.c\n`,
      "seed.ini",
    );
    expect([
      config.domainUrl,
      config.clientId,
      config.subjectToken,
      config.region,
      config.profile,
      config.trusts,
    ]).toEqual([DOMAIN, "abc", "a.b.c", undefined, undefined, []]);
  });

  test("warns about unknown sections and keys, and about a file others may read", () => {
    const dir = tempDir();
    const path = join(dir, "runtimeConfig.ini");
    writeFileSync(
      path,
      `[IdentityDomain]\niam_guid=${DOMAIN}\ncolour=blue\n[WIFConfig]\noauthclientid=a\noauthclientsecret=b\n[Extra]\nx=1\n`,
    );
    chmodSync(path, 0o644);
    expect(readRuntimeConfig(path, "runtimeConfig.ini").warnings).toEqual([
      "runtimeConfig.ini: holds the client secret but other users may read it (mode 0644). Run chmod 600 runtimeConfig.ini.",
      "WIF-W-UNKNOWN-KEY runtimeConfig.ini:3 [IdentityDomain] colour: unknown key, ignored.",
      "WIF-W-UNKNOWN-SECTION runtimeConfig.ini:7 [Extra]: unknown section, ignored.",
    ]);
  });

  test("reads values whole, as configparser does: '#', ';' and quotes are part of the value", () => {
    const config = parseRuntimeConfig(
      `[IdentityDomain]\niam_guid=${DOMAIN}\n[WIFConfig]\noauthclientid=a\noauthclientsecret="s3cr3t#part;rest"\n`,
      "r.ini",
    );
    expect(config.clientSecret).toBe('"s3cr3t#part;rest"');
    expect(config.warnings).toEqual([]);
  });

  const base = (over: Record<string, string>) => {
    const v = { iam_guid: DOMAIN, oauthclientid: "abc", oauthclientsecret: "the-secret", ...over };
    const line = (k: string) => (v[k as keyof typeof v] === "(none)" ? [] : [`${k} = ${v[k as keyof typeof v]}`]);
    return [
      "[IdentityDomain]",
      ...line("iam_guid"),
      "[WIFConfig]",
      ...line("oauthclientid"),
      ...line("oauthclientsecret"),
      over.extra ?? "",
    ].join("\n");
  };

  test.each([
    [
      "fails when the domain URL is missing",
      base({ iam_guid: "(none)" }),
      "runtimeConfig.ini:1 [IdentityDomain] iam_guid: is missing. Set it to the identity domain URL, https://idcs-….identity.oraclecloud.com.",
    ],
    [
      "fails when the domain URL has a path",
      base({ iam_guid: `${DOMAIN}/oauth2/v1/token` }),
      `runtimeConfig.ini:2 [IdentityDomain] iam_guid: must be the domain URL only, without a path; got "${DOMAIN}/oauth2/v1/token". Use ${DOMAIN}.`,
    ],
    [
      "fails when the domain URL is not a URL",
      base({ iam_guid: "idcs-x" }),
      'runtimeConfig.ini:2 [IdentityDomain] iam_guid: must be an https URL; got "idcs-x". Use the domain URL from the console: Identity & Security > Domains > your domain.',
    ],
    [
      "fails when the domain URL carries credentials",
      base({ iam_guid: "https://u:p@idcs-x.example" }),
      'runtimeConfig.ini:2 [IdentityDomain] iam_guid: must not carry a user name or password; got "https://[URL credentials]@idcs-x.example". Use the domain URL from the console: Identity & Security > Domains > your domain.',
    ],
    [
      "fails when the client ID is missing",
      base({ oauthclientid: "(none)" }),
      "runtimeConfig.ini:3 [WIFConfig] oauthclientid: is missing. Set it to the token-exchange app's client ID (`terraform output token_exchange_client_id`).",
    ],
    [
      "fails when [OCI] tenancy is not a tenancy OCID",
      base({ extra: "[OCI]\ntenancy = ocid1.compartment.oc1..x" }),
      'runtimeConfig.ini:7 [OCI] tenancy: must be a tenancy OCID, ocid1.tenancy.oc1..<id>; got "ocid1.compartment.oc1..x".',
    ],
    [
      "fails when [OCI] region is not a region",
      base({ extra: "[OCI]\nregion = Frankfurt" }),
      'runtimeConfig.ini:7 [OCI] region: must be a region identifier such as us-ashburn-1; got "Frankfurt".',
    ],
    [
      "fails when [OCI] profile would break the config file",
      base({ extra: "[OCI]\nprofile = my profile" }),
      "runtimeConfig.ini:7 [OCI] profile: must be a profile name; \" \" is not allowed in one; got \"my profile\". Use letters, digits, '.', '_', '@' or '-', at most 64 characters, e.g. wif.",
    ],
    [
      "fails when [OCI] profile would name the folder above sessions/",
      base({ extra: "[OCI]\nprofile = .." }),
      "runtimeConfig.ini:7 [OCI] profile: must be a profile name, not '..' (a folder); got \"..\". Use letters, digits, '.', '_', '@' or '-', at most 64 characters, e.g. wif.",
    ],
    [
      "fails when a trust has no issuer",
      base({ extra: "[Trust github]\naudience = x" }),
      "runtimeConfig.ini:6 [Trust github] issuer: is missing. Set it to the issuer URL of the tokens (the iss claim).",
    ],
    [
      "fails when a value uses configparser interpolation",
      base({ oauthclientid: "%(user)s" }),
      `runtimeConfig.ini:4 [WIFConfig] oauthclientid: uses configparser interpolation %(…)s, which is not supported; got "%(user)s". The file is read as Python's configparser reads it: write every literal '%' as '%%'.`,
    ],
  ])("%s", (_name, text, message) => {
    expect(errorsOf(text)).toEqual(["1 problem in runtimeConfig.ini; nothing was sent.", `  ${message}`]);
  });

  test("fails when the subject token has an unescaped '%', without showing the token", () => {
    const lines = errorsOf(base({ extra: "subjecttoken = eyJ%secret" }));
    expect(lines).toEqual([
      "1 problem in runtimeConfig.ini; nothing was sent.",
      "  runtimeConfig.ini:6 [WIFConfig] subjecttoken: has a '%' that is not written as '%%' (value not shown: it is a secret). The file is read as Python's configparser reads it: write every literal '%' as '%%'.",
    ]);
  });

  test("lists every problem at once, in file order", () => {
    expect(errorsOf("[WIFConfig]\noauthclientid = a\n[OCI]\nregion = x\n")).toEqual([
      "3 problems in runtimeConfig.ini; nothing was sent.",
      "  runtimeConfig.ini:1 [WIFConfig] oauthclientsecret: is missing. Set it to the token-exchange app's client secret (`terraform output -raw token_exchange_client_secret`).",
      '  runtimeConfig.ini:4 [OCI] region: must be a region identifier such as us-ashburn-1; got "x".',
      "  runtimeConfig.ini [IdentityDomain] iam_guid: is missing (and so is its section). Set it to the identity domain URL, https://idcs-….identity.oraclecloud.com.",
    ]);
  });
});
