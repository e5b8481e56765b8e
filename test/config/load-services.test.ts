import { type ConfigError, formatProblem } from "../../core/problems";
import { parseConfig } from "../../config/load-config";
import { configFrom, errorsOf, fixture } from "../support/stacks";

const BASE = `[IdentityDomain]
iam_guid = https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com

[OCIConfig]
tenancy_ocid = ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000
region = us-ashburn-1

[ResourceServer api]
audience = https://api.example.com/
scope[] = upst.generate Generate session tokens

[OAuthClient caller]
scope[] = api:upst.generate

[UpstBroker upst]
compartment_ocid = ocid1.compartment.oc1..aaaaaaaaexamplebroker0000000000000000000000000000000000
create_vault = true
allow[] = read objects in compartment reports
function_subnet_ocid[] = ocid1.subnet.oc1.iad.aaaaaaaaexamplefnsubnet00000000000000000000000000000000
function_image = iad.ocir.io/ns/upst-broker:1.0.0
gateway_subnet_ocid = ocid1.subnet.oc1.iad.aaaaaaaaexamplegwsubnet00000000000000000000000000000000
resource_server = api
`;

describe("resource servers, clients and brokers", () => {
  const { config } = configFrom(BASE);

  test("a resource server's scopes take a value and a description", () => {
    expect(config.resourceServers).toEqual([
      expect.objectContaining({
        label: "api",
        displayName: "api",
        audience: "https://api.example.com/",
        scopes: [{ value: "upst.generate", description: "Generate session tokens" }],
      }),
    ]);
  });

  test("a client's scope names a resource server by label", () => {
    expect(config.oauthClients).toEqual([
      expect.objectContaining({
        label: "caller",
        displayName: "caller",
        scopes: [{ server: "api", scope: "upst.generate" }],
      }),
    ]);
  });

  test("a client may name an unmanaged scope in full", () => {
    const { config: c } = configFrom(BASE.replace("scope[] = api:upst.generate", "scope[] = urn:opc:idm:__myscopes__"));
    expect(c.oauthClients[0].scopes).toEqual([{ fqs: "urn:opc:idm:__myscopes__" }]);
  });

  test("a broker gets its defaults: account, group, generated key, function and gateway, 60-minute sessions, the first scope", () => {
    expect(config.upstBrokers[0]).toMatchObject({
      accountUserName: "upst-account",
      groupName: "upst-account-group",
      publicKeyPem: undefined,
      vault: undefined,
      keyProtection: "HSM",
      function: { memoryMb: 256, timeoutSeconds: 30, sessionMinutes: 60 },
      gateway: {
        endpointType: "PUBLIC",
        resourceServer: "api",
        scope: "upst.generate",
        pathPrefix: "/upst",
        routePath: "/token",
      },
    });
  });

  test("a broker reads the admin's public key from a file next to the config", () => {
    const { config: c } = fixture("broker");
    const byok = c.upstBrokers.find((b) => b.label === "upst-byok")!;
    expect(byok.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(byok).toMatchObject({
      function: undefined,
      gateway: undefined,
      vault: { vaultId: expect.stringMatching(/^ocid1\.vault\./), keyId: expect.stringMatching(/^ocid1\.key\./) },
    });
  });

  test.each([
    [
      "a session over 60 minutes",
      BASE + "session_minutes = 90\n",
      [
        'setupConfig.ini:23 [UpstBroker upst] session_minutes: must be a whole number from 5 to 60; got "90". Default session-token length, 5–60 minutes (GenerateUserSecurityToken\'s bounds). Default: 60.',
      ],
    ],
    [
      "an access token over a year",
      BASE.replace(
        "scope[] = upst.generate Generate",
        "access_token_expiry = 31536001\nscope[] = upst.generate Generate",
      ),
      [
        "setupConfig.ini:10 [ResourceServer api] access_token_expiry: must be a whole number from 60 to 31536000; got \"31536001\". Access-token lifetime in seconds, 60–31536000 (Oracle's token expiry table). Default: 3600 (the service's).",
      ],
    ],
    [
      "a refresh token shorter than the access token",
      BASE.replace(
        "scope[] = upst.generate Generate",
        "access_token_expiry = 7200\nrefresh_token_expiry = 3600\nscope[] = upst.generate Generate",
      ),
      [
        "setupConfig.ini:11 [ResourceServer api] refresh_token_expiry: must be a whole number from 7200 to 31536000; got \"3600\". Refresh-token lifetime in seconds, at least the access token's, at most a year. Default: 604800 (the service's).",
      ],
    ],
    [
      "a scope defined twice",
      BASE.replace("scope[] = upst.generate Generate session tokens", "scope[] = a\nscope[] = a again"),
      ['setupConfig.ini:11 [ResourceServer api] scope: defines "a" twice; got "a again". Remove one.'],
    ],
    [
      "a client scope of a server that does not exist",
      BASE.replace("scope[] = api:upst.generate", "scope[] = apy:upst.generate"),
      [
        'setupConfig.ini:13 [OAuthClient caller] scope: names no resource server and is not a fully qualified scope; got "apy:upst.generate". Did you mean api:upst.generate?',
      ],
    ],
    [
      "a broker without a vault",
      BASE.replace("create_vault = true\n", ""),
      [
        "setupConfig.ini:15 [UpstBroker upst] vault_ocid: is required to say where the API key is kept. Give vault_ocid and vault_key_ocid of an existing vault, or set create_vault = true.",
      ],
    ],
    [
      "a vault without its key",
      BASE.replace(
        "create_vault = true",
        "vault_ocid = ocid1.vault.oc1.iad.aaaaaaaaexamplevault000000000000000000000000000000000000",
      ),
      [
        "setupConfig.ini:15 [UpstBroker upst] vault_key_ocid: is needed with the other one. Give both vault_ocid and vault_key_ocid.",
      ],
    ],
    [
      "a gateway without a function",
      BASE + "function = false\n",
      [
        'setupConfig.ini:15 [UpstBroker upst] gateway: needs the function to route to; got "true". Set function = true, or gateway = false.',
      ],
    ],
    [
      "a function without an image",
      BASE.replace(/function_image = .*\n/, ""),
      [
        "setupConfig.ini:15 [UpstBroker upst] function_image: is required for the function. Build and push the broker function's image, then set function_image; or set function = false.",
      ],
    ],
    [
      "a broker without tenancy and region",
      BASE.replace(/tenancy_ocid = .*\nregion = .*\n/, ""),
      [
        "setupConfig.ini:4 [OCIConfig] tenancy_ocid: is required by [UpstBroker upst]: the function signs requests as a user of this tenancy. Set [OCIConfig] tenancy_ocid.",
        "setupConfig.ini:4 [OCIConfig] region: is required by [UpstBroker upst]: the function calls the region's auth endpoint. Set [OCIConfig] region.",
      ],
    ],
    [
      "a file that is not a PEM public key, without printing it",
      BASE + "api_key = broker.ini\n",
      [
        'setupConfig.ini:23 [UpstBroker upst] api_key: is not a PEM public key; got "broker.ini". Export it with: openssl rsa -in key.pem -pubout -out public.pem.',
      ],
    ],
    [
      "a key file outside the config's folder",
      BASE + "api_key = ../../package.json\n",
      [
        "setupConfig.ini:23 [UpstBroker upst] api_key: must not contain '..' (it must stay under the config's folder); got \"../../package.json\". Give `generate`, or the path of a PEM public key under the config's folder, such as keys/broker-public.pem.",
      ],
    ],
    [
      "an api_key file that does not exist",
      BASE + "api_key = keys/missing.pem\n",
      [
        'setupConfig.ini:23 [UpstBroker upst] api_key: cannot be read (ENOENT); got "keys/missing.pem". Give `generate`, or the path of a PEM public key, relative to this file.',
      ],
    ],
    [
      "a broker account named like a service user",
      BASE +
        "account_user_name = deployer\n[Trust github]\nissuer = https://token.actions.githubusercontent.com\naudience = x\n[ServiceUser deployer]\nrule[] = github repo=o/r owner_id=1 repo_id=2 branch=main\nallow[] = read buckets in tenancy\n",
      [
        'setupConfig.ini:15 [UpstBroker upst]: the broker account has the same user name as [ServiceUser deployer] (line 27); got "deployer". Set account_user_name to another name.',
        'setupConfig.ini:15 [UpstBroker upst]: the broker account has the same group as [ServiceUser deployer] (line 27); got "deployer-group". Set group to another name.',
        'setupConfig.ini:15 [UpstBroker upst]: generates the policy name "deployer-group-policy" from its account\'s group, which is the policy_name of [ServiceUser deployer] (line 27). Policy names are unique in a compartment; give one of the two another policy_name (or the broker another label or group).',
      ],
    ],
    [
      "two apps with one display name",
      BASE.replace("[OAuthClient caller]\n", "[OAuthClient caller]\ndisplay_name = api\n"),
      [
        'setupConfig.ini:12 [OAuthClient caller]: the same app display name as [ResourceServer api] (line 8); got "api". Give each app its own display_name, or the console shows two apps of one name.',
      ],
    ],
  ])("fails on %s", (_name, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });

  test("refuses a private key given as the account's public key, and never prints it", () => {
    const { mkdtempSync, writeFileSync, rmSync } = require("node:fs");
    const { join } = require("node:path");
    const dir = mkdtempSync(join(require("node:os").tmpdir(), "wif-key-"));
    try {
      const keyText = "-----BEGIN PRIVATE KEY-----\nMIIEsecretmaterial\n-----END PRIVATE KEY-----\n";
      writeFileSync(join(dir, "key.pem"), keyText);
      let errors: string[] = [];
      try {
        parseConfig(BASE + "api_key = key.pem\n", "setupConfig.ini", dir);
      } catch (err) {
        errors = (err as ConfigError).problems.map(formatProblem);
      }
      expect(errors).toEqual([
        'setupConfig.ini:23 [UpstBroker upst] api_key: is a private key; got "key.pem". Give the public key only (openssl rsa -in key.pem -pubout); the private key goes into the Vault secret, not into Terraform.',
      ]);
      expect(errors.join("")).not.toContain("secretmaterial");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("warns when the broker's tokens could do nothing", () => {
    expect(
      configFrom(BASE.replace("allow[] = read objects in compartment reports\n", "")).warnings.map(formatProblem),
    ).toEqual([
      "setupConfig.ini:15 [UpstBroker upst] allow: no policy statements, so the broker's session tokens can do nothing in OCI. Add allow[] = <verb> <resource-type> in compartment <name>.",
    ]);
  });
});
