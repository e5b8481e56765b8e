/**
 * The hostile config corpus, by attack class. Each case is a config (and files planted beside it) that must be
 * refused with exit code 2, nothing written, the exact message among the lines printed (config-corpus.test.ts),
 * and no planted secret in any of them. Cases are built from the classes' generators, not written one by one, so a class is covered by
 * its kinds of values and keys.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import {
  BASE,
  CLIENT_SECRET,
  COMPARTMENT,
  JWT,
  PASSWORD,
  PEM_KEY,
  TENANCY,
  withKey,
  withSection,
} from "./corpus-support";

export interface ConfigCase {
  readonly cls: string;
  readonly name: string;
  readonly text?: string;
  readonly prepare?: (dir: string) => string | void;
  readonly exit: number;
}

const KEY_MATERIAL: ReadonlyArray<[string, string]> = [
  ["a PEM private key", PEM_KEY],
  ["a JWT", JWT],
  ["an OCI client secret", CLIENT_SECRET],
];

/** Where key material must not go: [section, key]. */
const KEY_MATERIAL_PLACES: ReadonlyArray<[string, string]> = [
  ["IdentityDomain", "iam_guid"],
  ["OCIConfig", "tenancy_ocid"],
  ["Trust github", "issuer"],
  ["Trust github", "description"],
  ["Trust github", "public_certificate"],
  ["ServiceUser ci-deployer", "rule[]"],
  ["ServiceUser ci-deployer", "allow[]"],
  ["WIFConfig", "description"],
];

const INVISIBLE: ReadonlyArray<[string, string]> = [
  ["a zero-width space", "\u200b"],
  ["a right-to-left override", "\u202e"],
  ["a terminal escape", "\u001b[2J"],
  ["a BOM inside the value", "\ufeff"],
];

const LOOK_ALIKES: ReadonlyArray<[string, string]> = [
  ["a Cyrillic a", "\u0430"],
  ["a no-break space", "\u00a0"],
  ["a Greek omicron", "\u03bf"],
];

/** Keys where look-alike or invisible characters change who or what is meant. */
const NAME_PLACES: ReadonlyArray<[string, string, string]> = [
  ["Trust github", "issuer", "https://token.actions.githubuserc#ntent.com"],
  ["Trust github", "audience", "oci-wif-pr#d"],
  ["WIFConfig", "token_exchange_app_name", "github-t#ken-exchange"],
  ["ServiceUser ci-deployer", "group", "ci-dep#loyers"],
];

function keyMaterialCases(): ConfigCase[] {
  return KEY_MATERIAL_PLACES.flatMap(([section, key]) =>
    KEY_MATERIAL.map(([kind, secret]) => ({
      cls: "key material in the wrong key",
      name: `${kind} in [${section}] ${key}`,
      text: withKey(section, key, secret),
      exit: 2,
    })),
  );
}

function characterCases(): ConfigCase[] {
  const out: ConfigCase[] = [];
  for (const [section, key, template] of NAME_PLACES) {
    for (const [kind, ch] of [...INVISIBLE, ...LOOK_ALIKES]) {
      out.push({
        cls: "invisible and look-alike characters",
        name: `${kind} in [${section}] ${key}`,
        text: withKey(section, key, template.replace("#", ch)),
        exit: 2,
      });
    }
  }
  out.push({
    cls: "invisible and look-alike characters",
    name: "a Cyrillic letter in a section label",
    text: BASE.replace("[ServiceUser ci-reader]", "[ServiceUser ci-r\u0435ader]"),
    exit: 2,
  });
  out.push({
    cls: "invisible and look-alike characters",
    name: "a zero-width space in a rule",
    text: withKey("ServiceUser ci-deployer", "rule[]", "sub eq repo:octo-org/a\u200b:ref:refs/heads/main"),
    exit: 2,
  });
  return out;
}

function urlCases(): ConfigCase[] {
  const domain = (v: string, name: string): ConfigCase => ({
    cls: "iam_guid that is not a domain URL",
    name,
    text: withKey("IdentityDomain", "iam_guid", v),
    exit: 2,
  });
  return [
    domain(
      `https://admin:${PASSWORD}@idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com`,
      "URL credentials in iam_guid",
    ),
    domain("https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com.evil.example", "a look-alike host"),
    domain("https://idcs-0123456789abcdef.identity.oraclecloud.com", "too few hex digits"),
    domain("https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com:8443", "a port"),
    domain("https://example.com", "another host"),
    domain("http://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com", "plain http"),
    {
      cls: "URL credentials",
      name: "URL credentials in an issuer",
      text: withKey("Trust github", "issuer", `https://ci:${PASSWORD}@gitlab.example.com`),
      exit: 2,
    },
    {
      cls: "URL credentials",
      name: "URL credentials in a JWKS URL",
      text: withKey("Trust github", "jwk_uri", `https://ci:${PASSWORD}@keys.example.com/jwks`),
      exit: 2,
    },
  ];
}

function pathCases(): ConfigCase[] {
  const rc = (v: string, name: string, prepare?: (dir: string) => void): ConfigCase => ({
    cls: "runtime_config_path outside or not a file",
    name,
    text: withKey("WIFConfig", "runtime_config_path", v),
    prepare,
    exit: 2,
  });
  return [
    rc("../../etc/cron.d/wif", "a relative path up and out"),
    rc("/etc/profile.d/wif.sh", "an absolute system path"),
    rc("/tmp/runtimeConfig.ini", "an absolute path elsewhere"),
    rc("sub/../../x.ini", "a path that leaves through a subdirectory"),
    rc("out", "a directory", (dir) => mkdirSync(join(dir, "out"))),
    rc("fifo.ini", "a FIFO", (dir) => execFileSync("mkfifo", [join(dir, "fifo.ini")])),
  ];
}

function policyCases(): ConfigCase[] {
  const allow = (v: string, name: string): ConfigCase => ({
    cls: "smuggled policy statements",
    name,
    text: withKey("ServiceUser ci-reader", "allow[]", v),
    exit: 2,
  });
  return [
    allow(
      "read objects in compartment apps\\; Allow any-user to manage all-resources in tenancy",
      "a second statement after an escaped ';'",
    ),
    allow(
      "read objects in compartment apps where request.user.id = 'x' Allow group Administrators to manage all-resources in tenancy",
      "a second statement in a where clause",
    ),
    allow("read objects in compartment apps where x = 'y' to manage all-resources", "a second verb"),
    allow(
      "read objects in compartment apps where target.bucket.name = 'a'\u2028Allow any-user to manage all-resources in tenancy",
      "a line separator",
    ),
  ];
}

function ocidCases(): ConfigCase[] {
  return [
    {
      cls: "OCIDs of another realm or region",
      name: "a compartment of another realm",
      text: withKey("OCIConfig", "compartment_ocid", COMPARTMENT.replace(".oc1.", ".oc2.")),
      exit: 2,
    },
    {
      cls: "OCIDs of another realm or region",
      name: "a tenancy of another realm than the compartment",
      text: withKey("OCIConfig", "tenancy_ocid", TENANCY.replace(".oc1.", ".oc9.")),
      exit: 2,
    },
  ];
}

function identityCases(): ConfigCase[] {
  const second = (issuer: string) =>
    withSection(
      "Trust other",
      `issuer = ${issuer}\njwk_uri = https://keys.example.com/jwks\naudience = x`,
      withKey("ServiceUser ci-reader", "trust", "github", withKey("ServiceUser ci-deployer", "trust", "github")),
    );
  return [
    {
      cls: "the same issuer or rule twice",
      name: "two issuers that differ only in host case",
      text: second("https://TOKEN.Actions.GithubUserContent.com"),
      exit: 2,
    },
    {
      cls: "the same issuer or rule twice",
      name: "two issuers that differ only in a trailing slash",
      text: second("https://token.actions.githubusercontent.com/"),
      exit: 2,
    },
    {
      cls: "the same issuer or rule twice",
      name: "the same rule quoted for one user and bare for another",
      text: withKey(
        "ServiceUser ci-reader",
        "rule[]",
        'sub eq "repo:octo-org@1234567/web-app@89012345:ref:refs/heads/main"',
      ),
      exit: 2,
    },
  ];
}

function fileCases(): ConfigCase[] {
  const cfg = (name: string, prepare: (dir: string) => string | void, text?: string): ConfigCase => ({
    cls: "files that are not bounded regular files",
    name,
    text,
    prepare,
    exit: 2,
  });
  return [
    cfg("the config is a directory", (dir) => {
      mkdirSync(join(dir, "cfg"));
      return join(dir, "cfg");
    }),
    cfg("the config is a FIFO", (dir) => {
      execFileSync("mkfifo", [join(dir, "cfg.ini")]);
      return join(dir, "cfg.ini");
    }),
    cfg("the config is /dev/zero", () => "/dev/zero"),
    cfg("the config is larger than 4 MB", (dir) => {
      writeFileSync(join(dir, "big.ini"), `${BASE}\n; ${"x".repeat(4 * 1024 * 1024)}\n`);
      return join(dir, "big.ini");
    }),
    cfg("the config is a symlink to /dev/zero", (dir) => {
      symlinkSync("/dev/zero", join(dir, "link.ini"));
      return join(dir, "link.ini");
    }),
    cfg(
      "cdk.tf.json is a FIFO",
      (dir) => {
        mkdirSync(join(dir, "cdktf.out", "stacks", "wif"), { recursive: true });
        execFileSync("mkfifo", [join(dir, "cdktf.out", "stacks", "wif", "cdk.tf.json")]);
      },
      BASE,
    ),
  ];
}

function brokerFileCases(): ConfigCase[] {
  const broker = (apiKey: string) =>
    withSection(
      "UpstBroker upst",
      [
        `compartment_ocid = ${COMPARTMENT}`,
        `api_key = ${apiKey}`,
        "create_vault = true",
        "function = false",
        "gateway = false",
        "allow[] = read objects in compartment reports",
      ].join("\n"),
    );
  return [
    {
      cls: "files that are not bounded regular files",
      name: "api_key is /dev/zero",
      text: broker("/dev/zero"),
      exit: 2,
    },
    {
      cls: "files that are not bounded regular files",
      name: "api_key is a FIFO",
      text: broker("key.pem"),
      prepare: (dir) => {
        execFileSync("mkfifo", [join(dir, "key.pem")]);
      },
      exit: 2,
    },
    {
      cls: "files that are not bounded regular files",
      name: "api_key is a directory",
      text: broker("keys"),
      prepare: (dir) => {
        mkdirSync(join(dir, "keys"));
      },
      exit: 2,
    },
    {
      cls: "key material in the wrong key",
      name: "api_key holds an inline private key",
      text: broker(PEM_KEY),
      exit: 2,
    },
  ];
}

function sizeCases(): ConfigCase[] {
  const users = (n: number) =>
    Array.from({ length: n }, (_, i) => `[ServiceUser u${i}]\nrule[] = sub eq u${i}\n`).join("\n");
  const unknown = (n: number) => Array.from({ length: n }, (_, i) => `[Bogus${i}]`).join("\n");
  return [
    { cls: "unbounded work", name: "2,001 service users", text: `${BASE}\n${users(2001)}`, exit: 2 },
    {
      cls: "unbounded work",
      name: "10,001 rules",
      text: withKey("ServiceUser ci-deployer", "rule[]", "x", BASE).replace(
        /rule\[\] = x/,
        Array.from({ length: 10_001 }, (_, i) => `rule[] = sub eq r${i}`).join("\n"),
      ),
      exit: 2,
    },
    { cls: "unbounded work", name: "5,001 unknown sections", text: `${BASE}\n${unknown(5001)}`, exit: 2 },
    {
      cls: "unbounded work",
      name: "200 unknown sections print at most 50 problems",
      text: `${BASE}\n${unknown(200)}`,
      exit: 2,
    },
  ];
}

function pastedKeyCases(): ConfigCase[] {
  const lines = PEM_KEY.replace("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----\n").replace(
    "-----END",
    "\n-----END",
  );
  return [
    {
      cls: "key material in the wrong key",
      name: "a multi-line PEM pasted as a description",
      text: withKey("Trust github", "description", lines),
      exit: 2,
    },
    {
      cls: "key material in the wrong key",
      name: "a password after an unknown password key",
      text: withKey("WIFConfig", "admin_password", PASSWORD),
      exit: 2,
    },
  ];
}

/** Every case of the config corpus. */
export const CONFIG_CASES: readonly ConfigCase[] = [
  ...keyMaterialCases(),
  ...pastedKeyCases(),
  ...characterCases(),
  ...urlCases(),
  ...pathCases(),
  ...policyCases(),
  ...ocidCases(),
  ...identityCases(),
  ...fileCases(),
  ...brokerFileCases(),
  ...sizeCases(),
];
