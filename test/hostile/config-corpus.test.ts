// The hostile config corpus (item 9): every case is refused with exit code 2 and nothing written, prints the exact
// message below, and no planted secret (nor a raw control character) in any line it prints.
import { CONFIG_CASES } from "./config-cases";
import { normalized, PLANTED, run } from "./corpus-support";

/** The message each case must print, by case name (`<dir>` is the temporary directory). */
const EXPECTED: Record<string, string> = {
  "a PEM private key in [IdentityDomain] iam_guid":
    "<dir>/setupConfig.ini:2 [IdentityDomain] iam_guid: holds a PEM private key, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a JWT in [IdentityDomain] iam_guid":
    "<dir>/setupConfig.ini:2 [IdentityDomain] iam_guid: holds a JWT, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "an OCI client secret in [IdentityDomain] iam_guid":
    "<dir>/setupConfig.ini:2 [IdentityDomain] iam_guid: holds an OCI client secret, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a PEM private key in [OCIConfig] tenancy_ocid":
    "<dir>/setupConfig.ini:6 [OCIConfig] tenancy_ocid: holds a PEM private key, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a JWT in [OCIConfig] tenancy_ocid":
    "<dir>/setupConfig.ini:6 [OCIConfig] tenancy_ocid: holds a JWT, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "an OCI client secret in [OCIConfig] tenancy_ocid":
    "<dir>/setupConfig.ini:6 [OCIConfig] tenancy_ocid: holds an OCI client secret, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a PEM private key in [Trust github] issuer":
    "<dir>/setupConfig.ini:14 [Trust github] issuer: holds a PEM private key, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a JWT in [Trust github] issuer":
    "<dir>/setupConfig.ini:14 [Trust github] issuer: holds a JWT, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "an OCI client secret in [Trust github] issuer":
    "<dir>/setupConfig.ini:14 [Trust github] issuer: holds an OCI client secret, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a PEM private key in [Trust github] description":
    "<dir>/setupConfig.ini:16 [Trust github] description: holds a PEM private key, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a JWT in [Trust github] description":
    "<dir>/setupConfig.ini:16 [Trust github] description: holds a JWT, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "an OCI client secret in [Trust github] description":
    "<dir>/setupConfig.ini:16 [Trust github] description: holds an OCI client secret, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a PEM private key in [Trust github] public_certificate":
    "<dir>/setupConfig.ini:16 [Trust github] public_certificate: holds a PEM private key, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a JWT in [Trust github] public_certificate":
    "<dir>/setupConfig.ini:16 [Trust github] public_certificate: holds a JWT, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "an OCI client secret in [Trust github] public_certificate":
    "<dir>/setupConfig.ini:16 [Trust github] public_certificate: holds an OCI client secret, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a PEM private key in [ServiceUser ci-deployer] rule[]":
    "<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] rule: holds a PEM private key, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a JWT in [ServiceUser ci-deployer] rule[]":
    "<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] rule: holds a JWT, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "an OCI client secret in [ServiceUser ci-deployer] rule[]":
    "<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] rule: holds an OCI client secret, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a PEM private key in [ServiceUser ci-deployer] allow[]":
    "<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] allow: holds a PEM private key, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a JWT in [ServiceUser ci-deployer] allow[]":
    "<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] allow: holds a JWT, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "an OCI client secret in [ServiceUser ci-deployer] allow[]":
    "<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] allow: holds an OCI client secret, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a PEM private key in [WIFConfig] description":
    "<dir>/setupConfig.ini:12 [WIFConfig] description: holds a PEM private key, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a JWT in [WIFConfig] description":
    "<dir>/setupConfig.ini:12 [WIFConfig] description: holds a JWT, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "an OCI client secret in [WIFConfig] description":
    "<dir>/setupConfig.ini:12 [WIFConfig] description: holds an OCI client secret, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a multi-line PEM pasted as a description":
    "<dir>/setupConfig.ini:16 [Trust github] description: holds a PEM private key, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "a password after an unknown password key":
    "<dir>/setupConfig.ini:12 [WIFConfig] admin_password: unknown key. [WIFConfig] takes admin_app_name, token_exchange_app_name, description, runtime_config_path, runtime_config_outside, profile_name, stack_name, retire.",
  "a zero-width space in [Trust github] issuer":
    '<dir>/setupConfig.ini:14 [Trust github] issuer: contains the invisible or control character U+200B at column 34; got "https://token.actions.githubuserc\\u{200B}ntent.com". Retype the value; copied text can carry characters no one sees.',
  "a right-to-left override in [Trust github] issuer":
    '<dir>/setupConfig.ini:14 [Trust github] issuer: contains the invisible or control character U+202E at column 34; got "https://token.actions.githubuserc\\u{202E}ntent.com". Retype the value; copied text can carry characters no one sees.',
  "a terminal escape in [Trust github] issuer":
    '<dir>/setupConfig.ini:14 [Trust github] issuer: contains the invisible or control character U+001B at column 34; got "https://token.actions.githubuserc\\u001b[2Jntent.com". Retype the value; copied text can carry characters no one sees.',
  "a BOM inside the value in [Trust github] issuer":
    '<dir>/setupConfig.ini:14 [Trust github] issuer: contains the invisible or control character U+FEFF at column 34; got "https://token.actions.githubuserc\\u{FEFF}ntent.com". Retype the value; copied text can carry characters no one sees.',
  "a Cyrillic a in [Trust github] issuer":
    "<dir>/setupConfig.ini:14 [Trust github] issuer: contains the non-ASCII character U+0430 'а' at column 34; got \"https://token.actions.githubusercаntent.com\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a no-break space in [Trust github] issuer":
    "<dir>/setupConfig.ini:14 [Trust github] issuer: contains the non-ASCII character U+00A0 ' ' at column 34; got \"https://token.actions.githubuserc ntent.com\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a Greek omicron in [Trust github] issuer":
    "<dir>/setupConfig.ini:14 [Trust github] issuer: contains the non-ASCII character U+03BF 'ο' at column 34; got \"https://token.actions.githubusercοntent.com\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a zero-width space in [Trust github] audience":
    '<dir>/setupConfig.ini:15 [Trust github] audience: contains the invisible or control character U+200B at column 11; got "oci-wif-pr\\u{200B}d". Retype the value; copied text can carry characters no one sees.',
  "a right-to-left override in [Trust github] audience":
    '<dir>/setupConfig.ini:15 [Trust github] audience: contains the invisible or control character U+202E at column 11; got "oci-wif-pr\\u{202E}d". Retype the value; copied text can carry characters no one sees.',
  "a terminal escape in [Trust github] audience":
    '<dir>/setupConfig.ini:15 [Trust github] audience: contains the invisible or control character U+001B at column 11; got "oci-wif-pr\\u001b[2Jd". Retype the value; copied text can carry characters no one sees.',
  "a BOM inside the value in [Trust github] audience":
    '<dir>/setupConfig.ini:15 [Trust github] audience: contains the invisible or control character U+FEFF at column 11; got "oci-wif-pr\\u{FEFF}d". Retype the value; copied text can carry characters no one sees.',
  "a Cyrillic a in [Trust github] audience":
    "<dir>/setupConfig.ini:15 [Trust github] audience: contains the non-ASCII character U+0430 'а' at column 11; got \"oci-wif-prаd\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a no-break space in [Trust github] audience":
    "<dir>/setupConfig.ini:15 [Trust github] audience: contains the non-ASCII character U+00A0 ' ' at column 11; got \"oci-wif-pr d\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a Greek omicron in [Trust github] audience":
    "<dir>/setupConfig.ini:15 [Trust github] audience: contains the non-ASCII character U+03BF 'ο' at column 11; got \"oci-wif-prοd\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a zero-width space in [WIFConfig] token_exchange_app_name":
    '<dir>/setupConfig.ini:11 [WIFConfig] token_exchange_app_name: contains the invisible or control character U+200B at column 9; got "github-t\\u{200B}ken-exchange". Retype the value; copied text can carry characters no one sees.',
  "a right-to-left override in [WIFConfig] token_exchange_app_name":
    '<dir>/setupConfig.ini:11 [WIFConfig] token_exchange_app_name: contains the invisible or control character U+202E at column 9; got "github-t\\u{202E}ken-exchange". Retype the value; copied text can carry characters no one sees.',
  "a terminal escape in [WIFConfig] token_exchange_app_name":
    '<dir>/setupConfig.ini:11 [WIFConfig] token_exchange_app_name: contains the invisible or control character U+001B at column 9; got "github-t\\u001b[2Jken-exchange". Retype the value; copied text can carry characters no one sees.',
  "a BOM inside the value in [WIFConfig] token_exchange_app_name":
    '<dir>/setupConfig.ini:11 [WIFConfig] token_exchange_app_name: contains the invisible or control character U+FEFF at column 9; got "github-t\\u{FEFF}ken-exchange". Retype the value; copied text can carry characters no one sees.',
  "a Cyrillic a in [WIFConfig] token_exchange_app_name":
    "<dir>/setupConfig.ini:11 [WIFConfig] token_exchange_app_name: contains the non-ASCII character U+0430 'а' at column 9; got \"github-tаken-exchange\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a no-break space in [WIFConfig] token_exchange_app_name":
    "<dir>/setupConfig.ini:11 [WIFConfig] token_exchange_app_name: contains the non-ASCII character U+00A0 ' ' at column 9; got \"github-t ken-exchange\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a Greek omicron in [WIFConfig] token_exchange_app_name":
    "<dir>/setupConfig.ini:11 [WIFConfig] token_exchange_app_name: contains the non-ASCII character U+03BF 'ο' at column 9; got \"github-tοken-exchange\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a zero-width space in [ServiceUser ci-deployer] group":
    '<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] group: contains the invisible or control character U+200B at column 7; got "ci-dep\\u{200B}loyers". Retype the value; copied text can carry characters no one sees.',
  "a right-to-left override in [ServiceUser ci-deployer] group":
    '<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] group: contains the invisible or control character U+202E at column 7; got "ci-dep\\u{202E}loyers". Retype the value; copied text can carry characters no one sees.',
  "a terminal escape in [ServiceUser ci-deployer] group":
    '<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] group: contains the invisible or control character U+001B at column 7; got "ci-dep\\u001b[2Jloyers". Retype the value; copied text can carry characters no one sees.',
  "a BOM inside the value in [ServiceUser ci-deployer] group":
    '<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] group: contains the invisible or control character U+FEFF at column 7; got "ci-dep\\u{FEFF}loyers". Retype the value; copied text can carry characters no one sees.',
  "a Cyrillic a in [ServiceUser ci-deployer] group":
    "<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] group: contains the non-ASCII character U+0430 'а' at column 7; got \"ci-depаloyers\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a no-break space in [ServiceUser ci-deployer] group":
    "<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] group: contains the non-ASCII character U+00A0 ' ' at column 7; got \"ci-dep loyers\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a Greek omicron in [ServiceUser ci-deployer] group":
    "<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] group: contains the non-ASCII character U+03BF 'ο' at column 7; got \"ci-depοloyers\". Use ASCII only: a look-alike letter makes another issuer, audience or name that no one can tell apart.",
  "a Cyrillic letter in a section label":
    "<dir>/setupConfig.ini:21 [ServiceUser ci-rеader]: the label must be letters, digits, '_', '-' or '@' (at most 64); U+0435 'е' at column 5 is not one; got \"ci-rеader\".",
  "a zero-width space in a rule":
    '<dir>/setupConfig.ini:20 [ServiceUser ci-deployer] rule: contains the invisible or control character U+200B at column 23; got "sub eq repo:octo-org/a\\u{200B}:ref:refs/heads/main". Retype the value; copied text can carry characters no one sees.',
  "URL credentials in iam_guid":
    '<dir>/setupConfig.ini:2 [IdentityDomain] iam_guid: must not carry credentials or a #fragment; got "https://[URL credentials]@idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com". The domain URL, `https://idcs-<id>.identity.oraclecloud.com` (the seed\'s name for it).',
  "a look-alike host":
    '<dir>/setupConfig.ini:2 [IdentityDomain] iam_guid: is not an identity domain URL, https://idcs-<32 hex digits>.identity.oraclecloud.com; got "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com.evil.example". Copy the domain URL from the console (Identity & Security > Domains > your domain). For a domain in another realm, set other_realm = true.',
  "too few hex digits":
    '<dir>/setupConfig.ini:2 [IdentityDomain] iam_guid: is not an identity domain URL, https://idcs-<32 hex digits>.identity.oraclecloud.com; got "https://idcs-0123456789abcdef.identity.oraclecloud.com". Copy the domain URL from the console (Identity & Security > Domains > your domain). For a domain in another realm, set other_realm = true.',
  "a port":
    '<dir>/setupConfig.ini:2 [IdentityDomain] iam_guid: is not an identity domain URL, https://idcs-<32 hex digits>.identity.oraclecloud.com; got "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com:8443". Copy the domain URL from the console (Identity & Security > Domains > your domain). For a domain in another realm, set other_realm = true.',
  "another host":
    '<dir>/setupConfig.ini:2 [IdentityDomain] iam_guid: is not an identity domain URL, https://idcs-<32 hex digits>.identity.oraclecloud.com; got "https://example.com". Copy the domain URL from the console (Identity & Security > Domains > your domain). For a domain in another realm, set other_realm = true.',
  "plain http":
    '<dir>/setupConfig.ini:2 [IdentityDomain] iam_guid: must be an https URL; got "http://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com". OCI fetches keys and checks issuers over TLS only; use the https:// form.',
  "URL credentials in an issuer":
    '<dir>/setupConfig.ini:14 [Trust github] issuer: must not carry credentials or a #fragment; got "https://[URL credentials]@gitlab.example.com". The `iss` claim of the tokens, an https URL. One trust per issuer (OCI allows one).',
  "URL credentials in a JWKS URL":
    '<dir>/setupConfig.ini:16 [Trust github] jwk_uri: must not carry credentials or a #fragment; got "https://[URL credentials]@keys.example.com/jwks". https URL of the issuer\'s JSON Web Key Set. Required unless `public_certificate` is set or the provider has a known default. Default: GitHub: `…/.well-known/jwks`; GitLab: `<issuer>/oauth/discovery/keys`.',
  "a relative path up and out":
    "<dir>/setupConfig.ini:12 [WIFConfig] runtime_config_path: must not contain '..' (it must stay under the config's folder); got \"../../etc/cron.d/wif\". Give a path under the config's folder, such as runtimeConfig.ini (an absolute path needs runtime_config_outside = true).",
  "an absolute system path":
    "<dir>/setupConfig.ini:12 [WIFConfig] runtime_config_path: is an absolute path; it must be under the config's folder; got \"/etc/profile.d/wif.sh\". Give a path under the config's folder, such as runtimeConfig.ini (an absolute path needs runtime_config_outside = true).",
  "an absolute path elsewhere":
    "<dir>/setupConfig.ini:12 [WIFConfig] runtime_config_path: is an absolute path; it must be under the config's folder; got \"/tmp/runtimeConfig.ini\". Give a path under the config's folder, such as runtimeConfig.ini (an absolute path needs runtime_config_outside = true).",
  "a path that leaves through a subdirectory":
    "<dir>/setupConfig.ini:12 [WIFConfig] runtime_config_path: must not contain '..' (it must stay under the config's folder); got \"sub/../../x.ini\". Give a path under the config's folder, such as runtimeConfig.ini (an absolute path needs runtime_config_outside = true).",
  "a directory":
    '<dir>/setupConfig.ini:12 [WIFConfig] runtime_config_path: is a directory, not a regular file; got "out". Give a path under the config\'s folder, such as runtimeConfig.ini (an absolute path needs runtime_config_outside = true).',
  "a FIFO":
    '<dir>/setupConfig.ini:12 [WIFConfig] runtime_config_path: is a FIFO (named pipe), not a regular file; got "fifo.ini". Give a path under the config\'s folder, such as runtimeConfig.ini (an absolute path needs runtime_config_outside = true).',
  "a second statement after an escaped ';'":
    "<dir>/setupConfig.ini:24 [ServiceUser ci-reader] allow: must be one statement on one line (no line break or ';'); got \"read objects in compartment apps; Allow any-user to manage all-resources in tenancy\". Write one statement per allow[] line.",
  "a second statement in a where clause":
    "<dir>/setupConfig.ini:24 [ServiceUser ci-reader] allow: holds a second statement; got \"read objects in compartment apps where request.user.id = 'x' Allow group Administrators to manage all-resources in tenancy\". Write one statement per allow[] line.",
  "a second verb":
    "<dir>/setupConfig.ini:24 [ServiceUser ci-reader] allow: holds a second verb; got \"read objects in compartment apps where x = 'y' to manage all-resources\". Write one statement per allow[] line.",
  "a line separator":
    "<dir>/setupConfig.ini:24 [ServiceUser ci-reader] allow: contains the invisible or control character U+2028 at column 64; got \"read objects in compartment apps where target.bucket.name = 'a'\\u{2028}Allow any-user to manage all-resources in tenancy\". Retype the value; copied text can carry characters no one sees.",
  "a compartment of another realm":
    '<dir>/setupConfig.ini:7 [OCIConfig] compartment_ocid: is in realm oc2, but the tenancy is in oc1; got "ocid1.compartment.oc2..aaaaaaaaexamplecompartment000000000000000000000000000000". Use an OCID of the tenancy\'s realm.',
  "a tenancy of another realm than the compartment":
    '<dir>/setupConfig.ini:7 [OCIConfig] compartment_ocid: is in realm oc1, but the tenancy is in oc9; got "ocid1.compartment.oc1..aaaaaaaaexamplecompartment000000000000000000000000000000". Use an OCID of the tenancy\'s realm.',
  "two issuers that differ only in host case":
    '<dir>/setupConfig.ini:27 [Trust other]: the same issuer as [Trust github] (line 13); got "https://token.actions.githubusercontent.com". OCI allows one trust per issuer; put every rule of this issuer under one trust.',
  "two issuers that differ only in a trailing slash":
    '<dir>/setupConfig.ini:27 [Trust other]: the same issuer as [Trust github] (line 13); got "https://token.actions.githubusercontent.com". OCI allows one trust per issuer; put every rule of this issuer under one trust.',
  "the same rule quoted for one user and bare for another":
    '<dir>/setupConfig.ini:24 [ServiceUser ci-reader] rule: is also a rule of [ServiceUser ci-deployer]; got "sub eq \\"repo:octo-org@1234567/web-app@89012345:ref:refs/heads/main\\"". A token must map to exactly one service user; keep the rule in one section.',
  "the config is a directory":
    "<dir>/cfg: is a directory, not a regular file. Point WIF_CONFIG at a setupConfig.ini file.",
  "the config is a FIFO":
    "<dir>/cfg.ini: is a FIFO (named pipe), not a regular file. Point WIF_CONFIG at a setupConfig.ini file.",
  "the config is /dev/zero": "/dev/zero: is a device, not a regular file. Point WIF_CONFIG at a setupConfig.ini file.",
  "the config is larger than 4 MB":
    "<dir>/big.ini: is 4195116 bytes; the limit is 4194304. Point WIF_CONFIG at a setupConfig.ini file.",
  "the config is a symlink to /dev/zero":
    "<dir>/link.ini: is or goes through a symbolic link (link.ini) that leads outside the file's folder or nowhere. Point WIF_CONFIG at a setupConfig.ini file.",
  "cdk.tf.json is a FIFO":
    "<dir>/setupConfig.ini: the output <dir>/cdktf.out/stacks/wif/cdk.tf.json is a FIFO (named pipe), not a regular file. Remove it, or set CDKTF_OUTDIR to another directory.",
  "api_key is /dev/zero":
    "<dir>/setupConfig.ini:27 [UpstBroker upst] api_key: is an absolute path; it must be under the config's folder; got \"/dev/zero\". Give `generate`, or the path of a PEM public key under the config's folder, such as keys/broker-public.pem.",
  "api_key is a FIFO":
    '<dir>/setupConfig.ini:27 [UpstBroker upst] api_key: is a FIFO (named pipe), not a regular file; got "key.pem". Give `generate`, or the path of a PEM public key under the config\'s folder, such as keys/broker-public.pem.',
  "api_key is a directory":
    '<dir>/setupConfig.ini:27 [UpstBroker upst] api_key: is a directory, not a regular file; got "keys". Give `generate`, or the path of a PEM public key under the config\'s folder, such as keys/broker-public.pem.',
  "api_key holds an inline private key":
    "<dir>/setupConfig.ini:27 [UpstBroker upst] api_key: holds a PEM private key, which is never written or shown. Remove it from the file; if it is a real secret, rotate it.",
  "2,001 service users":
    "<dir>/setupConfig.ini: has 2003 service users; the limit is 2000, which keeps one synthesis within seconds and a gigabyte. Split the domain's set-up into several configs (each its own stack_name), or see README, Security, for the limits.",
  "10,001 rules":
    "<dir>/setupConfig.ini: has 10003 rule[] lines; the limit is 10000, which keeps one synthesis within seconds and a gigabyte. Split the domain's set-up into several configs (each its own stack_name), or see README, Security, for the limits.",
  "5,001 unknown sections":
    "<dir>/setupConfig.ini: has 5007 sections; the limit is 5000, which keeps one synthesis within seconds and a gigabyte. Split the domain's set-up into several configs (each its own stack_name), or see README, Security, for the limits.",
  "200 unknown sections print at most 50 problems": "… and 150 more problems",
};

describe.each([...new Set(CONFIG_CASES.map((c) => c.cls))])("hostile config: %s", (cls) => {
  test.each(CONFIG_CASES.filter((c) => c.cls === cls).map((c) => [c.name, c] as const))("fails when %s", (name, c) => {
    const r = run(c.text, c.prepare);
    const lines = normalized(r);
    expect({ exit: r.exitCode, wrote: r.wrote }).toEqual({ exit: c.exit, wrote: false });
    expect(lines).toContain(`  ${EXPECTED[name]}`);
    const printed = lines.join("\n");
    for (const secret of PLANTED) expect(printed).not.toContain(secret);
    expect(printed).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\ufeff]/);
  });
});

test("the corpus has at least 80 cases, each with its message", () => {
  expect(CONFIG_CASES.length).toBeGreaterThanOrEqual(80);
  expect(CONFIG_CASES.filter((c) => EXPECTED[c.name] === undefined).map((c) => c.name)).toEqual([]);
});
