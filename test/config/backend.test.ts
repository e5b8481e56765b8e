import { configFrom, errorsOf } from "../support/stacks";
import { join } from "node:path";
import { FIXTURES } from "../support/stacks";

const BASE = `[IdentityDomain]
iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com

[OCIConfig]
region = eu-frankfurt-1

[TrustConfiguration]
issuer = https://token.actions.githubusercontent.com
audience = oci-wif
impersonationrule = sub eq repo:octo-org/octo-repo:ref:refs/heads/main

[ServiceUserConfig]
user_name = ci
`;

const withBackend = (lines: string) => `${BASE}\n[Backend]\n${lines}\n`;
// [Backend] is at line 15 of the text; its first key at line 16.

describe("[Backend]", () => {
  test("is absent by default, which keeps the local state file", () => {
    expect(configFrom(BASE).config.backend).toBeUndefined();
  });

  test("type = oci takes bucket and namespace, and defaults the key to the stack's and the region to [OCIConfig]'s", () => {
    expect(configFrom(withBackend("type = oci\nbucket = tf-state\nnamespace = axaxnpcrorw5")).config.backend).toEqual({
      type: "oci",
      bucket: "tf-state",
      namespace: "axaxnpcrorw5",
      key: "wif/terraform.tfstate",
      region: "eu-frankfurt-1",
    });
  });

  test("type = oci with SecurityToken takes the profile from [OCIConfig] cli_profile when it is written there", () => {
    const text = withBackend("type = OCI\nbucket = b\nnamespace = ns\nauth = securitytoken").replace(
      "region = eu-frankfurt-1",
      "region = eu-frankfurt-1\ncli_profile = wif",
    );
    expect(configFrom(text).config.backend).toEqual(
      expect.objectContaining({
        type: "oci",
        auth: "SecurityToken",
        configFileProfile: "wif",
        region: "eu-frankfurt-1",
      }),
    );
  });

  test("type = oci takes the provider's auth and profile when it has none of its own, and not an auth it lacks", () => {
    const base = (auth: string) =>
      withBackend("type = oci\nbucket = b\nnamespace = ns").replace(
        "region = eu-frankfurt-1",
        `region = eu-frankfurt-1\ncli_profile = wif\nauth = ${auth}`,
      );
    expect(configFrom(base("SecurityToken")).config.backend).toEqual(
      expect.objectContaining({ auth: "SecurityToken", configFileProfile: "wif" }),
    );
    const wif = configFrom(base("WorkloadIdentityFederation")).config.backend as any;
    expect([wif.auth, wif.configFileProfile]).toEqual([undefined, "wif"]);
    const ip = configFrom(base("InstancePrincipal")).config.backend as any;
    expect([ip.auth, ip.configFileProfile]).toEqual(["InstancePrincipal", undefined]);
  });

  test("type = oci keeps every optional key", () => {
    const backend = configFrom(
      withBackend(
        "type = oci\nbucket = b\nnamespace = ns\nkey = envs/prod.tfstate\nregion = us-ashburn-1\nauth = InstancePrincipal\nconfig_file_profile = ADMIN\nkms_key_id = ocid1.key.oc1.iad.abcdefghijklmnop.aaaaaaaabbbbbbbbcccccccc\nworkspace_key_prefix = ws",
      ),
    ).config.backend;
    expect(backend).toEqual({
      type: "oci",
      bucket: "b",
      namespace: "ns",
      key: "envs/prod.tfstate",
      region: "us-ashburn-1",
      auth: "InstancePrincipal",
      configFileProfile: "ADMIN",
      kmsKeyId: "ocid1.key.oc1.iad.abcdefghijklmnop.aaaaaaaabbbbbbbbcccccccc",
      workspaceKeyPrefix: "ws",
    });
  });

  test("type = s3 derives OCI's S3 compatibility endpoint from namespace and region", () => {
    expect(configFrom(withBackend("type = s3\nbucket = b\nnamespace = ns")).config.backend).toEqual({
      type: "s3",
      bucket: "b",
      key: "wif/terraform.tfstate",
      region: "eu-frankfurt-1",
      endpoint: "https://ns.compat.objectstorage.eu-frankfurt-1.oraclecloud.com",
    });
  });

  test("type = http takes the state and lock URLs", () => {
    expect(
      configFrom(
        withBackend(
          "type = http\naddress = https://state.example.com/wif\nlock_address = https://state.example.com/wif/lock",
        ),
      ).config.backend,
    ).toEqual({
      type: "http",
      address: "https://state.example.com/wif",
      lockAddress: "https://state.example.com/wif/lock",
    });
  });

  test("type = local resolves path against the config file's directory", () => {
    expect(configFrom(withBackend("type = local\npath = state/wif.tfstate")).config.backend).toEqual({
      type: "local",
      path: join(FIXTURES, "state/wif.tfstate"),
    });
  });

  test.each([
    [
      "a missing type",
      "bucket = b",
      [
        "setupConfig.ini:15 [Backend] type: is required. `local`, `oci` (Terraform ≥ 1.12's native Object Storage backend), `s3` (Object Storage's S3 compatibility API, or any S3 endpoint) or `http`.",
      ],
    ],
    [
      "an unknown type",
      "type = gcs",
      [
        "setupConfig.ini:16 [Backend] type: must be one of local, oci, s3, http; got \"gcs\". `local`, `oci` (Terraform ≥ 1.12's native Object Storage backend), `s3` (Object Storage's S3 compatibility API, or any S3 endpoint) or `http`.",
      ],
    ],
    [
      "an oci backend without bucket and namespace",
      "type = oci",
      [
        "setupConfig.ini:15 [Backend] bucket: is required for type = oci. Set bucket to the Object Storage bucket that holds the state.",
        "setupConfig.ini:15 [Backend] namespace: is required for type = oci. Set namespace to the tenancy's Object Storage namespace (oci os ns get).",
      ],
    ],
    [
      "an oci backend with a bad namespace, key, auth and KMS key",
      "type = oci\nbucket = b\nnamespace = My-NS\nkey = ../other/terraform.tfstate\nauth = UserPrincipal\nkms_key_id = ocid1.vault.oc1..aaaaaaaaaaaaaaaaaaaa",
      [
        'setupConfig.ini:18 [Backend] namespace: must be an Object Storage namespace (lower-case letters and digits; oci os ns get prints it); got "My-NS". `oci` (required), `s3`: the Object Storage namespace (`oci os ns get`); for `s3` the compatibility endpoint is derived from it.',
        "setupConfig.ini:19 [Backend] key: must be an object name of letters, digits, '.', '_', '-' and '/', without a leading '/' or '..'; got \"../other/terraform.tfstate\". `oci`, `s3`: the state object's name; give each stack its own. Default: `<stack_name>/terraform.tfstate`.",
        'setupConfig.ini:20 [Backend] auth: must be one of ApiKey, InstancePrincipal, InstancePrincipalWithCerts, SecurityToken, ResourcePrincipal, OKEWorkloadIdentity; got "UserPrincipal". `oci`: `ApiKey`, `InstancePrincipal`, `InstancePrincipalWithCerts`, `SecurityToken` (needs `region` and `config_file_profile`), `ResourcePrincipal` or `OKEWorkloadIdentity`. Default: `[OCIConfig] auth` when the backend has it, else Terraform\'s (`ApiKey`).',
        'setupConfig.ini:21 [Backend] kms_key_id: must be a Vault key OCID, ocid1.key.oc1..<id>; got "ocid1.vault.oc1..aaaaaaaaaaaaaaaaaaaa". `oci`: a Vault key OCID that encrypts the state object. Default: Oracle-managed keys.',
      ],
    ],
    [
      "an oci backend with SecurityToken and no profile anywhere",
      "type = oci\nbucket = b\nnamespace = ns\nauth = SecurityToken",
      [
        "setupConfig.ini:15 [Backend] config_file_profile: is required with auth = SecurityToken. The oci backend needs both region and config_file_profile with auth = SecurityToken; set config_file_profile (the profile wif-exchange writes) here or in [OCIConfig].",
      ],
    ],
    [
      "a key of another type",
      "type = oci\nbucket = b\nnamespace = ns\naddress = https://state.example.com/",
      ["setupConfig.ini:19 [Backend] address: does not apply to type = oci. It is a key of type = http; remove it."],
    ],
    [
      "a password (whose value is never printed)",
      "type = http\naddress = https://state.example.com/\npassword = hunter2-not-printed",
      [
        "setupConfig.ini:18 [Backend] password: would put a credential in the config, the synthesized stack and CI logs. Set TF_HTTP_PASSWORD (and TF_HTTP_USERNAME) in the environment of terraform init instead.",
      ],
    ],
    [
      "an s3 secret key",
      "type = s3\nbucket = b\nnamespace = ns\nsecret_key = abc",
      [
        "setupConfig.ini:19 [Backend] secret_key: would put a credential in the config, the synthesized stack and CI logs. Put the Customer Secret Key in ~/.aws/credentials or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY instead.",
      ],
    ],
    [
      "an http address with credentials in it",
      "type = http\naddress = https://user:hunter2@state.example.com/",
      [
        "setupConfig.ini:17 [Backend] address: must not carry a credential (user:password@ before the host; the value is not shown): it would reach the stack and CI logs. Give the plain state URL and set TF_HTTP_USERNAME and TF_HTTP_PASSWORD in the environment instead (or use type = oci).",
      ],
    ],
    [
      "an http address with an access token in its query",
      "type = http\naddress = https://state.example.com/s?access_token=hunter2s3cr3t",
      [
        'setupConfig.ini:17 [Backend] address: must not carry a credential (the query parameter "access_token"; the value is not shown): it would reach the stack and CI logs. Give the plain state URL and set TF_HTTP_USERNAME and TF_HTTP_PASSWORD in the environment instead (or use type = oci).',
      ],
    ],
    [
      "an s3 endpoint that is a presigned URL",
      "type = s3\nbucket = b\nregion = us-ashburn-1\nendpoint = https://s3.example.com/?X-Amz-Credential=AKIA%2F&X-Amz-Signature=abc123",
      [
        'setupConfig.ini:19 [Backend] endpoint: must not carry a credential (the query parameter "X-Amz-Credential"; the value is not shown): it would reach the stack and CI logs. Give the plain endpoint; the S3 backend signs with ~/.aws/credentials or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.',
      ],
    ],
    [
      "a local path that leaves the config's folder",
      "type = local\npath = ../state/terraform.tfstate",
      [
        "setupConfig.ini:17 [Backend] path: must not contain '..' (it must stay under the config's folder); got \"../state/terraform.tfstate\". Give a path under the config's folder, such as terraform.wif.tfstate.",
      ],
    ],
    [
      "an absolute local path",
      "type = local\npath = /var/lib/terraform.tfstate",
      [
        "setupConfig.ini:17 [Backend] path: is an absolute path; it must be under the config's folder; got \"/var/lib/terraform.tfstate\". Give a path under the config's folder, such as terraform.wif.tfstate.",
      ],
    ],
    [
      "an http address that is a template",
      "type = http\naddress = https://state.example.com/${path.cwd}",
      [
        "setupConfig.ini:17 [Backend] address: must not contain '${' or '%{'; got \"https://state.example.com/${path.cwd}\". Backend settings are literal; remove the template.",
      ],
    ],
    [
      "an s3 backend with both namespace and endpoint",
      "type = s3\nbucket = b\nnamespace = ns\nendpoint = https://minio.example.com",
      [
        "setupConfig.ini:19 [Backend] endpoint: cannot be combined with namespace. Keep namespace (for OCI's endpoint) or endpoint (any other), not both.",
      ],
    ],
  ])("fails when [Backend] has %s", (_, lines, expected) => {
    expect(errorsOf(withBackend(lines))).toEqual(expected);
  });
});
