/**
 * The hostile path corpus (issue 16, part 2): every value that becomes a file name or a path — names from a config,
 * a flag, a runtimeConfig.ini or an Action input; places under the config's folder; the session files wif-exchange
 * writes; state URLs — fed the same classes of payload. paths-corpus.test.ts runs each through the real CLI in a
 * sandbox whose `outside/` folder stands for the rest of the machine.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { sha256Of, writeStackSource } from "../../core/stack-source";
import { BASE, CLIENT_SECRET, PEM_KEY, withKey, withSection } from "./corpus-support";

/** The folders of one case: the config's folder (also the working directory), HOME, and the rest of the machine. */
export interface Sandbox {
  readonly root: string;
  readonly work: string;
  readonly home: string;
  readonly outside: string;
}

export type Cli = "wif-synth" | "wif-exchange" | "wif-broker" | "wif-import" | "wif-review" | "action";

export interface PathCase {
  readonly cls: string;
  readonly name: string;
  readonly cli: Cli;
  readonly argv: readonly string[];
  /** Environment besides PATH and HOME (the Action's inputs, the broker's settings). */
  readonly env?: Readonly<Record<string, string>>;
  /** Writes the case's files into the sandbox (the default config or runtimeConfig.ini is written before). */
  readonly prepare?: (s: Sandbox) => void;
  readonly exit: number;
  /**
   * Text one printed line must contain, with the sandbox written as `<root>`: the key or flag, what is wrong, the
   * value and the fix, as the message gives them.
   */
  readonly message: string;
  /** `[OCI] profile` of the runtimeConfig.ini written for wif-exchange (default `wif`). */
  readonly runtimeProfile?: string;
  /** Where a run may write (a success case): folders under the sandbox; a failing case writes nothing at all. */
  readonly writes?: readonly ("work" | "home")[];
}

/** What the sandbox's outside world holds; none of it may be printed, none of it may change. */
export const OUTSIDE_MARKER = "OUTSIDE0CONTENT0MARKER";
export const OUTSIDE_TEXT = [
  `root:x:0:0:${OUTSIDE_MARKER}:/root:/bin/bash`,
  `[${OUTSIDE_MARKER}`,
  `a line without an equals sign ${OUTSIDE_MARKER}`,
  `iam_guid = https://${OUTSIDE_MARKER}.example.com`,
  PEM_KEY,
  `oauthclientsecret = ${CLIENT_SECRET}`,
  "",
].join("\n");

/** `outside/secret.txt` (a sentinel file), `outside/dir/` (a folder) and `outside/public.pem`. */
export function plantOutside(s: Sandbox): void {
  mkdirSync(join(s.outside, "dir"), { recursive: true });
  writeFileSync(join(s.outside, "secret.txt"), OUTSIDE_TEXT);
  writeFileSync(join(s.outside, "dir", "dev.ini"), OUTSIDE_TEXT);
  // What a stack folder holds: a run that removed a stale stack through a planted link would delete these.
  writeFileSync(join(s.outside, "dir", "cdk.tf.json"), `{"${OUTSIDE_MARKER}":1}\n`);
  writeFileSync(join(s.outside, "dir", "wif-source.json"), `{"config":"x","sha256":"${OUTSIDE_MARKER}"}\n`);
  writeFileSync(join(s.outside, "imports.json"), `{"version":1,"imports":{"Wif/x":"${OUTSIDE_MARKER}"}}\n`);
  writeFileSync(
    join(s.outside, "public.pem"),
    `-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${OUTSIDE_MARKER}\n-----END PUBLIC KEY-----\n`,
  );
}

/** A symbolic link at `at` (under the sandbox) to `to`, making its folder first. */
function link(s: Sandbox, at: string, to: string): void {
  const path = join(s.root, at);
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(to, path);
}

const LONG = "p".repeat(300);

/** Payloads for a value that must be one name (a profile, a stack), with what the message says of each. */
const NAME_PAYLOADS: ReadonlyArray<{ name: string; value: string; says: (what: string) => string; ini?: boolean }> = [
  { name: "..", value: "..", says: (what) => `must be ${what}, not '..' (a folder); got ".."` },
  { name: "../x", value: "../x", says: (what) => `must be ${what}, one path segment without '/' or '\\'; got "../x"` },
  {
    name: "/etc/passwd",
    value: "/etc/passwd",
    says: (what) => `must be ${what}, one path segment without '/' or '\\'; got "/etc/passwd"`,
  },
  {
    name: "~/.oci/config",
    value: "~/.oci/config",
    says: (what) => `must be ${what}, one path segment without '/' or '\\'; got "~/.oci/config"`,
  },
  { name: "a/b", value: "a/b", says: (what) => `must be ${what}, one path segment without '/' or '\\'; got "a/b"` },
  {
    name: "a\\b",
    value: "a\\b",
    says: (what) => `must be ${what}, one path segment without '/' or '\\'; got "a\\\\b"`,
  },
  {
    name: "a very long name",
    value: LONG,
    says: (what) => `must be ${what} of at most`,
  },
  { name: ".", value: ".", says: (what) => `must be ${what}, not '.' (a folder); got "."` },
];

/** The same names through a flag or an input (no NUL: an argument or a variable cannot hold one). */
const FLAG_ONLY_PAYLOADS: ReadonlyArray<{ name: string; value: string; says: (what: string) => string }> = [
  {
    name: "a line break",
    value: "wif\n[DEFAULT]",
    says: (what) => `must be ${what}; it holds a control character or a line break; got "wif\\n[DEFAULT]"`,
  },
  {
    name: "unicode dots (U+2024 twice)",
    value: "\u2024\u2024",
    says: (what) => `must be ${what}; "\u2024" is not allowed in one`,
  },
  {
    name: "fullwidth dots and slash",
    value: "\uff0e\uff0e\uff0fx",
    says: (what) => `must be ${what}; "\uff0e" is not allowed in one`,
  },
];

const CONFIG_FLAGS = ["--config", "setupConfig.ini"];
const EXCHANGE = ["--token-file", "ci.jwt"];

/** Names in setupConfig.ini: `[WIFConfig] profile_name` and `stack_name`, through wif-synth. */
function configNameCases(): PathCase[] {
  const keys = [
    { key: "profile_name", what: "a profile name", fix: "Use letters, digits, '.', '_', '@' or '-', at most 64" },
    { key: "stack_name", what: "a stack name", fix: "Use letters, digits, '_' or '-', at most 100" },
  ];
  return keys.flatMap(({ key, what, fix }) =>
    NAME_PAYLOADS.filter(
      (p) => key === "profile_name" || ["..", "a\\b", "a very long name", "/etc/passwd"].includes(p.name),
    ).map(
      (p): PathCase => ({
        cls: `a name in the config: [WIFConfig] ${key}`,
        name: `${key} = ${p.name}`,
        cli: "wif-synth",
        argv: CONFIG_FLAGS,
        prepare: (s) => writeFileSync(join(s.work, "setupConfig.ini"), withKey("WIFConfig", key, p.value)),
        exit: 2,
        message: `[WIFConfig] ${key}: ${p.says(what)}${p.name === "a very long name" ? "" : `. ${fix}`}`,
      }),
    ),
  );
}

/** A NUL byte in the config's profile_name: the file is refused as not text (core/text-encoding.ts), before any value is read. */
function nulCase(): PathCase {
  return {
    cls: "a name in the config: [WIFConfig] profile_name",
    name: "profile_name holds a NUL byte",
    cli: "wif-synth",
    argv: CONFIG_FLAGS,
    prepare: (s) => writeFileSync(join(s.work, "setupConfig.ini"), withKey("WIFConfig", "profile_name", "wi\u0000f")),
    exit: 2,
    message: "setupConfig.ini: holds a NUL byte on line 12, so it is not a text file.",
  };
}

/** Names through flags and inputs: wif-exchange --profile, [OCI] profile, wif-broker --profile, the Action. */
function flagNameCases(): PathCase[] {
  const profile = "a profile name";
  const fix = "Use letters, digits, '.', '_', '@' or '-', at most 64 characters, e.g. wif.";
  const exchange = [...NAME_PAYLOADS, ...FLAG_ONLY_PAYLOADS].map(
    (p): PathCase => ({
      cls: "a name from a flag: wif-exchange --profile",
      name: `--profile ${p.name}`,
      cli: "wif-exchange",
      argv: [...EXCHANGE, "--profile", p.value],
      exit: 2,
      message: `error: --profile ${p.says(profile)}`,
    }),
  );
  const runtime = NAME_PAYLOADS.filter((p) => ["..", "../x", "a\\b"].includes(p.name)).map(
    (p): PathCase => ({
      cls: "a name from runtimeConfig.ini: [OCI] profile",
      name: `[OCI] profile = ${p.name}`,
      cli: "wif-exchange",
      argv: EXCHANGE,
      runtimeProfile: p.value,
      exit: 2,
      message: `runtimeConfig.ini:11 [OCI] profile: ${p.says(profile)}. ${fix}`,
    }),
  );
  const broker = [...NAME_PAYLOADS.filter((p) => ["..", "../x", "~/.oci/config"].includes(p.name))].map(
    (p): PathCase => ({
      cls: "a name from a flag: wif-broker --profile",
      name: `--profile ${p.name}`,
      cli: "wif-broker",
      argv: ["--profile", p.value],
      env: BROKER_ENV,
      exit: 2,
      message: `error: --profile ${p.says(profile)}. ${fix}`,
    }),
  );
  const action = [
    ...NAME_PAYLOADS.filter((p) => ["..", "../x", "/etc/passwd"].includes(p.name)),
    ...FLAG_ONLY_PAYLOADS.filter((p) => p.name !== "a line break"),
  ].map(
    (p): PathCase => ({
      cls: "a name from an Action input: profile",
      name: `profile: ${p.name}`,
      cli: "action",
      argv: [],
      env: actionEnv({ profile: p.value }),
      exit: 2,
      message: `::error::wif-exchange action: input profile ${p.says(profile)}`,
    }),
  );
  const adopt: PathCase = {
    cls: "a name from a flag: wif-import --profile",
    name: "--profile ..",
    cli: "wif-import",
    argv: ["--domain", "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com", "--profile", ".."],
    exit: 2,
    message: `error: --profile must be a profile name, not '..' (a folder); got "..". ${fix}`,
  };
  return [...exchange, ...runtime, ...broker, ...action, adopt];
}

/** Places under the config's folder, through wif-synth: each key × the payloads that must stay under it. */
function configPlaceCases(): PathCase[] {
  const rc = (value: string) => withKey("WIFConfig", "runtime_config_path", value);
  const rcFix =
    "Give a path under the config's folder, such as runtimeConfig.ini (an absolute path needs runtime_config_outside = true).";
  const env = (dir: string) => `[Environments]\ndir = ${dir}\n${BASE}`;
  const envFix = "Give a folder under the config's folder, such as envs.";
  const state = (path: string) => withSection("Backend", `type = local\npath = ${path}`);
  const stateFix = "Give a path under the config's folder, such as terraform.wif.tfstate.";
  const broker = (apiKey: string) =>
    withSection(
      "UpstBroker upst",
      [
        "compartment_ocid = ocid1.compartment.oc1..aaaaaaaaexamplecompartment000000000000000000000000000000",
        `api_key = ${apiKey}`,
        "create_vault = true",
        "function = false",
        "gateway = false",
        "allow[] = read objects in compartment reports",
      ].join("\n"),
    );
  const keyFix =
    "Give `generate`, or the path of a PEM public key under the config's folder, such as keys/broker-public.pem.";
  const adopt = (path: string) => withSection("Adopt", `imports = ${path}`);
  const deployAuth = (path: string) =>
    withKey("OCIConfig", "wif_token_path", path, withKey("OCIConfig", "auth", "WorkloadIdentityFederation"));
  const tokenFix = "Give the absolute path the pipeline writes its OIDC token to, such as /tmp/oidc/token.";
  const importsFix = "Give the imports file's path under the config's folder, such as wif-imports.json.";
  const linkOut = (key: string, what: string) =>
    `is or goes through a symbolic link (${key}) that leads outside the config's folder or nowhere; got "${key}". Replace the link with the real ${what}, under the config's folder.`;
  const cases: Array<Omit<PathCase, "cli" | "argv" | "exit"> & { text: string }> = [
    ...[
      ["../x.ini", `must not contain '..' (it must stay under the config's folder); got "../x.ini"`],
      ["/etc/passwd", `is an absolute path; it must be under the config's folder; got "/etc/passwd"`],
      ["~/.oci/config", `starts with '~', which is not expanded here; got "~/.oci/config"`],
      ["out\\rc.ini", `holds a '\\'; got "out\\\\rc.ini". Separate folders with '/'; give a path under`],
      [`${"d/".repeat(600)}rc.ini`, "is longer than 1024 characters"],
      [`${"n".repeat(300)}.ini`, "has a path segment longer than 255 bytes"],
    ].map(([value, says]) => ({
      cls: "a place under the config's folder: [WIFConfig] runtime_config_path",
      name: `runtime_config_path = ${value.length > 40 ? `${value.slice(0, 12)}… (${value.length})` : value}`,
      text: rc(value),
      message: `[WIFConfig] runtime_config_path: ${says}${says.includes("longer") || says.includes("Separate") ? "" : `. ${rcFix}`}`,
    })),
    {
      cls: "a place under the config's folder: [WIFConfig] runtime_config_path",
      name: "runtime_config_path through a linked folder that leaves",
      text: rc("out/rc.ini"),
      prepare: (s) => link(s, "work/out", join(s.outside, "dir")),
      message: `[WIFConfig] runtime_config_path: is or goes through a symbolic link (out) that leads outside the config's folder or nowhere; got "out/rc.ini". Replace the link with the real folder, under the config's folder.`,
    },
    {
      cls: "a symbolic link planted at a secret file's target",
      name: "runtimeConfig.ini (the default) is a link to a file outside",
      text: BASE,
      prepare: (s) => link(s, "work/runtimeConfig.ini", join(s.outside, "secret.txt")),
      message: `[WIFConfig] runtime_config_path: (the default) is a symbolic link; nothing holding a secret is written through one; got "runtimeConfig.ini". Remove the link runtimeConfig.ini (or name another place).`,
    },
    {
      cls: "a symbolic link planted at a secret file's target",
      name: "runtimeConfig.ini is a link inside the folder",
      text: rc("rc.ini"),
      prepare: (s) => {
        writeFileSync(join(s.work, "real.ini"), "");
        link(s, "work/rc.ini", "real.ini");
      },
      message: `[WIFConfig] runtime_config_path: is a symbolic link; nothing holding a secret is written through one; got "rc.ini". Remove the link rc.ini (or name another place).`,
    },
    ...[
      ["..", `must not contain '..' (it must stay under the config's folder); got ".."`],
      ["/etc", `is an absolute path; it must be under the config's folder; got "/etc"`],
      [".", `names the config's folder itself; got "."`],
    ].map(([value, says]) => ({
      cls: "a place under the config's folder: [Environments] dir",
      name: `dir = ${value}`,
      text: env(value),
      message: `[Environments] dir: ${says}. ${envFix}`,
    })),
    {
      cls: "a place under the config's folder: [Environments] dir",
      name: "dir is a link to a folder outside",
      text: env("envs"),
      prepare: (s) => link(s, "work/envs", join(s.outside, "dir")),
      message: `[Environments] dir: ${linkOut("envs", "folder")}`,
    },
    {
      cls: "a place under the config's folder: an overlay",
      name: "an overlay is a link to a file outside (its lines would be quoted in errors)",
      text: env("envs"),
      prepare: (s) => {
        mkdirSync(join(s.work, "envs"));
        link(s, "work/envs/dev.ini", join(s.outside, "secret.txt"));
      },
      message:
        "  envs/dev.ini: is or goes through a symbolic link (envs/dev.ini) that leads outside the config's folder or nowhere. Replace the link with the real file, under the config's folder.",
    },
    {
      cls: "a place under the config's folder: an overlay",
      name: "an overlay is named ..ini",
      text: env("envs"),
      prepare: (s) => {
        mkdirSync(join(s.work, "envs"));
        writeFileSync(join(s.work, "envs", "..ini"), "");
      },
      message: `  envs/..ini: is not a valid environment name; got ".".`,
    },
    ...[
      [
        "../terraform.tfstate",
        `must not contain '..' (it must stay under the config's folder); got "../terraform.tfstate"`,
      ],
      ["/etc/passwd", `is an absolute path; it must be under the config's folder; got "/etc/passwd"`],
    ].map(([value, says]) => ({
      cls: "a place under the config's folder: [Backend] path",
      name: `path = ${value}`,
      text: state(value),
      message: `[Backend] path: ${says}. ${stateFix}`,
    })),
    {
      cls: "a symbolic link planted at a secret file's target",
      name: "the default state file is a link to a file outside",
      text: BASE,
      prepare: (s) => link(s, "work/terraform.wif.tfstate", join(s.outside, "secret.txt")),
      message: `the state file terraform.wif.tfstate (the default) is a symbolic link; nothing holding a secret is written through one. Remove the link terraform.wif.tfstate (or name another place).`,
    },
    {
      cls: "a place under the config's folder: [Backend] path",
      name: "path goes through a linked folder that leaves",
      text: state("state/terraform.tfstate"),
      prepare: (s) => link(s, "work/state", join(s.outside, "dir")),
      message: `[Backend] path: is or goes through a symbolic link (state) that leads outside the config's folder or nowhere; got "state/terraform.tfstate". Replace the link with the real folder, under the config's folder.`,
    },
    {
      cls: "a place under the config's folder: [UpstBroker] api_key",
      name: "api_key = /etc/passwd",
      text: broker("/etc/passwd"),
      message: `[UpstBroker upst] api_key: is an absolute path; it must be under the config's folder; got "/etc/passwd". ${keyFix}`,
    },
    {
      cls: "a place under the config's folder: [UpstBroker] api_key",
      name: "api_key is a link to a key outside",
      text: broker("key.pem"),
      prepare: (s) => link(s, "work/key.pem", join(s.outside, "public.pem")),
      message: `[UpstBroker upst] api_key: ${linkOut("key.pem", "file")}`,
    },
    {
      cls: "a place under the config's folder: [Adopt] imports",
      name: "imports is a link to a file outside",
      text: adopt("wif-imports.json"),
      prepare: (s) => link(s, "work/wif-imports.json", join(s.outside, "imports.json")),
      message: `[Adopt] imports: ${linkOut("wif-imports.json", "file")}`,
    },
    {
      cls: "a place under the config's folder: [Adopt] imports",
      name: "imports is not JSON (the parser's quote of it is not printed)",
      text: adopt("notes.json"),
      prepare: (s) => writeFileSync(join(s.work, "notes.json"), OUTSIDE_TEXT),
      message: `[Adopt] imports: is not valid JSON; got "notes.json". Run npm run import again, or remove [Adopt].`,
    },
    {
      cls: "a place under the config's folder: [Adopt] imports",
      name: "imports = ~/.oci/config",
      text: adopt("~/.oci/config"),
      message: `[Adopt] imports: starts with '~', which is not expanded here; got "~/.oci/config". ${importsFix}`,
    },
    ...[
      [
        "../../home/.ssh/id_rsa",
        `must not contain '..' (it must stay under the config's folder); got "../../home/.ssh/id_rsa"`,
      ],
      ["~/.ssh/id_rsa", `starts with '~', which is not expanded here; got "~/.ssh/id_rsa"`],
    ].map(([value, says]) => ({
      cls: "a place the provider reads: [OCIConfig] wif_token_path",
      name: `wif_token_path = ${value}`,
      text: deployAuth(value),
      message: `[OCIConfig] wif_token_path: ${says}. ${tokenFix}`,
    })),
    {
      cls: "a place the provider reads: [OCIConfig] wif_token_path",
      name: "wif_token_path is a link to a file outside",
      text: deployAuth("/replaced/by/prepare"),
      prepare: (s) => {
        link(s, "work/token", join(s.outside, "secret.txt"));
        writeFileSync(join(s.work, "setupConfig.ini"), deployAuth(join(s.work, "token")));
      },
      message: `[OCIConfig] wif_token_path: is a symbolic link that leads out of its folder or nowhere; got "<root>/work/token". Name the file itself.`,
    },
    {
      cls: "a file named by a flag",
      name: "setupConfig.ini is a link to a file outside",
      text: BASE,
      prepare: (s) => link(s, "work/cfg.ini", join(s.outside, "secret.txt")),
      message:
        "  cfg.ini: is or goes through a symbolic link (cfg.ini) that leads outside the file's folder or nowhere. Point WIF_CONFIG at a setupConfig.ini file.",
    },
    {
      cls: "a symbolic link planted at a secret file's target",
      name: "cdktf.out itself is a link to a folder outside",
      text: BASE,
      prepare: (s) => link(s, "work/cdktf.out", join(s.outside, "dir")),
      message:
        "the output folder <root>/work/cdktf.out is or goes through a symbolic link (cdktf.out) that leads outside the folder it is in or nowhere. Replace the link with the real folder, under the folder it is in.",
    },
    {
      cls: "a symbolic link planted at a secret file's target",
      name: "the stack's folder under cdktf.out is a link to a folder outside",
      text: BASE,
      prepare: (s) => link(s, "work/cdktf.out/stacks/wif", join(s.outside, "dir")),
      message:
        "the output <root>/work/cdktf.out/stacks/wif is a symbolic link; nothing holding a secret is written through one. Remove it, or set CDKTF_OUTDIR to another directory.",
    },
  ];
  return cases.map(({ text, prepare, ...c }) => ({
    ...c,
    cli: "wif-synth",
    argv: c.name.startsWith("setupConfig.ini is a link") ? ["--config", "cfg.ini"] : CONFIG_FLAGS,
    exit: 2,
    // The case's own prepare runs after, and may rewrite the config when it needs the sandbox's path.
    prepare: (s) => {
      writeFileSync(join(s.work, "setupConfig.ini"), text);
      prepare?.(s);
    },
  }));
}

/** The files wif-exchange writes (key, token, profile): links planted there, and a linked token file to read. */
function sessionCases(): PathCase[] {
  const root = "the OCI config's folder (<root>/home/.oci)";
  const cases: Array<{ name: string; prepare: (s: Sandbox) => void; message: string }> = [
    {
      name: "~/.oci/sessions/wif is a link to a folder outside",
      prepare: (s) => link(s, "home/.oci/sessions/wif", join(s.outside, "dir")),
      message: `error: the session folder is a symbolic link; nothing holding a secret is written through one; got "sessions/wif". Remove the link sessions/wif (or name another place).`,
    },
    {
      name: "~/.oci/sessions is a link to a folder outside",
      prepare: (s) => link(s, "home/.oci/sessions", join(s.outside, "dir")),
      message: `error: the session folder is or goes through a symbolic link (sessions) that leads outside ${root} or nowhere; got "sessions/wif". Replace the link with the real folder, under ${root}.`,
    },
    {
      name: "~/.oci/sessions/wif/token is a link to a file outside",
      prepare: (s) => link(s, "home/.oci/sessions/wif/token", join(s.outside, "secret.txt")),
      message: `error: the session file is a symbolic link; nothing holding a secret is written through one; got "token". Remove the link token (or name another place).`,
    },
    {
      name: "~/.oci/sessions/wif/oci_api_key.pem is a link to a file outside",
      prepare: (s) => link(s, "home/.oci/sessions/wif/oci_api_key.pem", join(s.outside, "secret.txt")),
      message: `error: the session file is a symbolic link; nothing holding a secret is written through one; got "oci_api_key.pem". Remove the link oci_api_key.pem (or name another place).`,
    },
    {
      name: "~/.oci/sessions/wif/rpst is a dangling link",
      prepare: (s) => link(s, "home/.oci/sessions/wif/rpst", join(s.outside, "missing")),
      message: `error: the session file is a symbolic link; nothing holding a secret is written through one; got "rpst". Remove the link rpst (or name another place).`,
    },
  ];
  return cases.map((c) => ({
    ...c,
    cls: "a symbolic link planted at a secret file's target",
    cli: "wif-exchange",
    argv: EXCHANGE,
    exit: 2,
  }));
}

/** A token file named by --token-file that is a link out of its folder. */
function tokenFileCase(): PathCase {
  return {
    cls: "a file named by a flag",
    name: "--token-file is a link to a file outside",
    cli: "wif-exchange",
    argv: ["--token-file", "linked.jwt"],
    prepare: (s) => link(s, "work/linked.jwt", join(s.outside, "secret.txt")),
    exit: 2,
    message:
      "error: --token-file linked.jwt: is or goes through a symbolic link (linked.jwt) that leads outside the file's folder or nowhere.",
  };
}

/** What wif-review reads: stacks under the output folder and the files its flags name. */
function reviewCases(): PathCase[] {
  const stack = (s: Sandbox) => {
    mkdirSync(join(s.work, "stack"));
    writeFileSync(
      join(s.work, "stack", "cdk.tf.json"),
      readFileSync(join(__dirname, "..", "fixtures", "review", "broker.cdk.tf.json")),
    );
    // The record npm run synth writes beside a stack (the stale guard refuses a stack without one).
    const config = "# stand-in for the config the stack was synthesized from\n";
    writeFileSync(join(s.work, "stack-config.ini"), config);
    writeStackSource(join(s.work, "stack"), { config: join(s.work, "stack-config.ini"), sha256: sha256Of(config) });
  };
  const cases: Array<Omit<PathCase, "cls" | "cli" | "exit">> = [
    {
      name: "a stack under cdktf.out is a link to a file outside",
      argv: ["--outdir", "cdktf.out"],
      prepare: (s) => link(s, "work/cdktf.out/stacks/wif/cdk.tf.json", join(s.outside, "secret.txt")),
      message:
        "error: --outdir cdktf.out: stacks/wif/cdk.tf.json is or goes through a symbolic link (stacks/wif/cdk.tf.json) that leads outside the output folder or nowhere. Run `npm run synth` again.",
    },
    {
      name: "a stack folder under cdktf.out is a link to a folder outside",
      argv: ["--outdir", "cdktf.out"],
      prepare: (s) => {
        writeFileSync(join(s.outside, "dir", "cdk.tf.json"), OUTSIDE_TEXT);
        link(s, "work/cdktf.out/stacks/wif", join(s.outside, "dir"));
      },
      message:
        "error: --outdir cdktf.out: stacks/wif/cdk.tf.json is or goes through a symbolic link (stacks/wif) that leads outside the output folder or nowhere. Run `npm run synth` again.",
    },
    {
      name: "--markdown names a link to a file outside (the report is not written through it)",
      argv: ["--stack", "stack", "--markdown", "review.md"],
      prepare: (s) => {
        stack(s);
        link(s, "work/review.md", join(s.outside, "secret.txt"));
      },
      message:
        "error: --markdown review.md: is a symbolic link, and nothing is written through one: nothing was written. Remove the link.",
    },
    {
      name: "--plan is a link to a file outside",
      argv: ["--stack", "stack", "--plan", "plan.json"],
      prepare: (s) => {
        stack(s);
        link(s, "work/plan.json", join(s.outside, "secret.txt"));
      },
      message:
        "error: --plan plan.json: is or goes through a symbolic link (plan.json) that leads outside the file's folder or nowhere.",
    },
    {
      name: "--plan is not JSON (the parser's quote of it is not printed)",
      argv: ["--stack", "stack", "--plan", "plan.json"],
      prepare: (s) => {
        stack(s);
        writeFileSync(join(s.work, "plan.json"), OUTSIDE_TEXT);
      },
      message:
        "error: --plan plan.json: is not valid JSON. Give the output of terraform show -json <planfile>, not the plan file itself.",
    },
  ];
  return cases.map((c) => ({ ...c, cls: "what wif-review reads", cli: "wif-review", exit: 2 }));
}

/** State URLs that carry a credential: userinfo, and query or fragment parameters named after one. */
function stateUrlCases(): PathCase[] {
  const http = (key: string, url: string) =>
    withSection(
      "Backend",
      key === "address"
        ? `type = http\naddress = ${url}`
        : `type = http\naddress = https://state.example.com/s\n${key} = ${url}`,
    );
  const httpFix =
    "Give the plain state URL and set TF_HTTP_USERNAME and TF_HTTP_PASSWORD in the environment instead (or use type = oci).";
  const s3Fix =
    "Give the plain endpoint; the S3 backend signs with ~/.aws/credentials or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.";
  const secret = "s3cr3t0MARKER0url";
  const cases: Array<[string, string, string, string]> = [
    ["address", `https://user:${secret}@state.example.com/s`, "user:password@ before the host", httpFix],
    ["address", `https://state.example.com/s?access_token=${secret}`, 'the query parameter "access_token"', httpFix],
    [
      "address",
      `https://b.s3.amazonaws.com/s?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA${secret}&X-Amz-Signature=${secret}`,
      'the query parameter "X-Amz-Credential"',
      httpFix,
    ],
    [
      "address",
      `https://acct.blob.core.windows.net/c/s?sv=2022-11-02&sig=${secret}`,
      'the query parameter "sig"',
      httpFix,
    ],
    [
      "address",
      `https://storage.googleapis.com/b/s?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=${secret}`,
      'the query parameter "X-Goog-Signature"',
      httpFix,
    ],
    ["lock_address", `https://state.example.com/lock?token=${secret}`, 'the query parameter "token"', httpFix],
    ["unlock_address", `https://state.example.com/unlock?apiKey=${secret}`, 'the query parameter "apiKey"', httpFix],
    // '#' starts an ini comment: written \# to reach the value.
    [
      "address",
      `https://state.example.com/s\\#access_token=${secret}`,
      'the fragment parameter "access_token"',
      httpFix,
    ],
    [
      "address",
      `https://objectstorage.us-ashburn-1.oraclecloud.com/p/${secret}/n/ns/b/tf/o/state`,
      "a pre-authenticated request (/p/…/), whose URL is its credential",
      httpFix,
    ],
  ];
  const s3 = (url: string) => withSection("Backend", `type = s3\nbucket = b\nregion = us-ashburn-1\nendpoint = ${url}`);
  return [
    ...cases.map(([key, url, where, fix]) => ({ key, text: http(key, url), where, fix, name: `${key} with ${where}` })),
    {
      key: "endpoint",
      text: s3(`https://s3.example.com/?X-Amz-Security-Token=${secret}`),
      where: 'the query parameter "X-Amz-Security-Token"',
      fix: s3Fix,
      name: "an s3 endpoint with X-Amz-Security-Token",
    },
  ].map(
    (c): PathCase => ({
      cls: "a state URL carrying a credential",
      name: c.name,
      cli: "wif-synth",
      argv: CONFIG_FLAGS,
      prepare: (s) => writeFileSync(join(s.work, "setupConfig.ini"), c.text),
      exit: 2,
      message: `[Backend] ${c.key}: must not carry a credential (${c.where}; the value is not shown): it would reach the stack and CI logs. ${c.fix}`,
    }),
  );
}

/**
 * Controls: the same surfaces with values that are fine, so the corpus's "nothing written" and "nothing outside
 * changed" checks are seen to pass on a run that does write (wif-synth's stack, wif-exchange's profile).
 */
function controlCases(): PathCase[] {
  return [
    {
      cls: "controls (accepted, writing only where they should)",
      name: "wif-synth with a profile name, an environments folder linked inside the config's folder",
      cli: "wif-synth",
      argv: CONFIG_FLAGS,
      prepare: (s) => {
        mkdirSync(join(s.work, "real-envs"));
        writeFileSync(join(s.work, "real-envs", "dev.ini"), "[OCIConfig]\nregion = us-phoenix-1\n");
        link(s, "work/envs", "real-envs");
        writeFileSync(
          join(s.work, "setupConfig.ini"),
          `[Environments]\ndir = envs\n${withKey("WIFConfig", "profile_name", "ci.deploy@x")}`,
        );
      },
      exit: 0,
      message: "synthesized 1 environments: dev → stacks/wif-dev",
      writes: ["work"],
    },
    {
      cls: "controls (accepted, writing only where they should)",
      name: "wif-exchange --profile ci.deploy writes the session under HOME only",
      cli: "wif-exchange",
      argv: [...EXCHANGE, "--profile", "ci.deploy"],
      exit: 0,
      message: "Wrote OCI profile [ci.deploy] to <root>/home/.oci/config",
      writes: ["home"],
    },
  ];
}

const BROKER_ENV = {
  WIF_DOMAIN_URL: "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com",
  WIF_BROKER_CLIENT_ID: "broker-client",
  WIF_BROKER_CLIENT_SECRET: CLIENT_SECRET,
  WIF_BROKER_SCOPE: "https://api.example.com/upst.generate",
  WIF_BROKER_URL: "https://gateway.example.com/upst/token",
  OCI_CLI_REGION: "us-ashburn-1",
};

/** The Action's inputs as GitHub passes them; RUNNER_TEMP and the runner files are added by the test. */
function actionEnv(inputs: Record<string, string>): Record<string, string> {
  const all: Record<string, string> = {
    "domain-url": "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com",
    "client-id": "client",
    "client-secret": CLIENT_SECRET,
    audience: "oci-wif",
    region: "us-ashburn-1",
    ...inputs,
  };
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
}

/** Every case of the path corpus. */
export const PATH_CASES: readonly PathCase[] = [
  ...configNameCases(),
  nulCase(),
  ...flagNameCases(),
  ...configPlaceCases(),
  ...sessionCases(),
  tokenFileCase(),
  ...reviewCases(),
  ...stateUrlCases(),
  ...controlCases(),
];
