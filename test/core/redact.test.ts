import {
  forgetSecrets,
  isSecretName,
  onSecretRegistered,
  printable,
  redact,
  registerEnvironmentSecrets,
  registerSecret,
  registerSecretsIn,
  registerSecretsInJson,
  secretParts,
} from "../../core/redact";

const PEM =
  "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----";
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpyZWY6cmVmcy9oZWFkcy9tYWluIn0.c2lnbmF0dXJlLXBhcnQ";

describe("redact", () => {
  afterEach(() => forgetSecrets());

  test.each([
    ["a PEM block shows its kind", `key: ${PEM} end`, "key: [PEM rsa private key] end"],
    [
      "a BEGIN line and key content without its END hides the rest",
      'got "-----BEGIN PRIVATE KEY-----MIIEowIBAAKCAQEAu1SU1LfVLP" x',
      'got "[PEM private key]',
    ],
    [
      "a PEM header alone, as help text writes it, stays",
      "must be a PEM public key (-----BEGIN PUBLIC KEY----- …)",
      "must be a PEM public key (-----BEGIN PUBLIC KEY----- …)",
    ],
    [
      "a bare base64 key body",
      'got "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"',
      'got "[key material]"',
    ],
    [
      "a URL path is kept",
      "GET http://127.0.0.1:37297/admin/v1/IdentityPropagationTrusts: 401",
      "GET http://127.0.0.1:37297/admin/v1/IdentityPropagationTrusts: 401",
    ],
    [
      "an identity domain resource's location (its SCIM id is lower-case hex) is kept",
      "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com:443/admin/v1/Apps/8950d6245078bb482528d8aa12345678",
      "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com:443/admin/v1/Apps/8950d6245078bb482528d8aa12345678",
    ],
    [
      "a key body with slashes is still key material",
      'got "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1/LfVLPHCozMxH2Mo4lg"',
      'got "[key material]"',
    ],
    ["a JWT", `token ${JWT} end`, "token [JWT] end"],
    ["URL credentials", "got https://admin:hunter22@idcs-x.example/", "got https://[URL credentials]@idcs-x.example/"],
    ["an OCI client secret", "secret idcscs-0f2b-4c1d-9e8a-77aa", "secret [client secret]"],
    ["a secret key's value in ini form", "oauthclientsecret = s3cr3t-value", "oauthclientsecret = [secret]"],
    [
      "a secret key's value in a query string",
      "grant_type=x&client_secret=abc123&scope=y",
      "grant_type=x&client_secret=[secret]&scope=y",
    ],
    [
      "a secret key's value in JSON",
      '{"error":"bad","subject_token":"abc.def"}',
      '{"error":"bad","subject_token":"[secret]"}',
    ],
    ["an Authorization header", "Authorization: Basic Y2xpZW50OnNlY3JldA==", "Authorization: Basic [secret]"],
    [
      "a location naming a secret key is kept",
      "runtimeConfig.ini:5 [WIFConfig] oauthclientsecret: is required.",
      "runtimeConfig.ini:5 [WIFConfig] oauthclientsecret: is required.",
    ],
    [
      "a non-secret key that mentions a token is kept",
      "token_exchange_app_name = MyApp",
      "token_exchange_app_name = MyApp",
    ],
    [
      "an OCID is kept",
      "ocid1.tenancy.oc1..aaaaaaaabbbbbbbbccccccccddddddddeeeeeeeeffffffffgggg",
      "ocid1.tenancy.oc1..aaaaaaaabbbbbbbbccccccccddddddddeeeeeeeeffffffffgggg",
    ],
    [
      "a terminal escape is shown as its code",
      "claim \u001b[2J\u001b[31mResult: ok",
      "claim \\u{001B}[2J\\u{001B}[31mResult: ok",
    ],
    ["a bidi override is shown as its code", "repo\u202Eevil", "repo\\u{202E}evil"],
    ["a newline is shown as its code", "a\nResult: ok", "a\\u{000A}Result: ok"],
  ])("%s", (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  test("a registered secret is replaced wherever it appears, longest first", () => {
    registerSecret("plain-secret-value");
    expect(redact("x plain-secret-value y")).toBe("x [secret] y");
  });

  test("printable keeps newlines when asked to", () => {
    expect(printable("a\nb\u0007", true)).toBe("a\nb\\u{0007}");
  });

  test("a registered PEM key is removed line by line, and a token by each segment", () => {
    registerSecret(
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nAbCd1234\n-----END PRIVATE KEY-----\n",
    );
    registerSecret(JWT);
    const [header, payload, signature] = JWT.split(".");
    expect(redact(`a MIIEvQIBADANBgkqhkiG9w0BAQEFAASC b AbCd1234 c ${payload} d ${signature} e ${header}`)).toBe(
      "a [secret] b [secret] c [secret] d [secret] e [secret]",
    );
    // The armour is no secret: help text that shows it stays readable.
    expect(redact("-----BEGIN PRIVATE KEY----- …")).toBe("-----BEGIN PRIVATE KEY----- …");
  });

  test("a registered secret cut short is still removed, down to 8 characters", () => {
    registerSecret("Zq9xW2pL7-rT5vK3mN8");
    expect(redact("echo: Zq9xW2pL7-rT5 and mN8 and W2pL7-rT")).toBe("echo: [secret] and mN8 and [secret]");
  });

  test("a secret cut short goes whole, its plain ends too; those ends alone stay", () => {
    // Windows of digits only are too plain to look for (dates, counters), but next to a piece of the secret they
    // are the secret's: a cut-off echo must not leave them behind.
    registerSecret("idcscs-8f2a41bc9d0e5f6a7b8c93447109");
    registerSecret("20261205x9k2m4p7");
    expect(redact("409 conflict updating cs-8f2a41bc9d0e5f6a7b8c93447109")).toBe("409 conflict updating [secret]");
    expect(redact("got 0261205x9k2m4p and 8c93447109;")).toBe("got [secret] and [secret];");
    expect(redact("built 20261205, run 93447109")).toBe("built 20261205, run 93447109");
  });

  test("a JWT's segments are registered with it; an OCID's or a host name's labels are not", () => {
    const header = Buffer.from('{"alg":"RS256"}').toString("base64url");
    registerSecret(`${header}.c3ViamVjdC1jbGFpbXM.c2lnbmF0dXJlLWJ5dGVz`);
    registerSecret("ocid1.vault.oc1.iad.amaaaaaaexamplevault0000000000000000000000000000000000");
    registerSecret("build.ci.example.com");
    expect(redact(`header ${header}, claims c3ViamVjdC1jbGFpbXM`)).toBe("header [secret], claims [secret]");
    expect(redact("a vault in iad, oc1, for the build of ci: an example")).toBe(
      "a vault in iad, oc1, for the build of ci: an example",
    );
  });

  test("a short secret is removed where it stands alone, not inside other words", () => {
    registerSecret("ab12");
    expect(redact("secret ab12 rejected; xab12 and ab123 are other words; (ab12)")).toBe(
      "secret [secret] rejected; xab12 and ab123 are other words; ([secret])",
    );
  });

  test("the registry is shared by every copy of the module in a process", () => {
    jest.isolateModules(() => {
      const copy = require("../../core/redact") as typeof import("../../core/redact");
      copy.registerSecret("from-another-copy-0123");
    });
    expect(redact("x from-another-copy-0123")).toBe("x [secret]");
  });

  test("listeners hear of every part, those registered before they listened first", () => {
    registerSecret("earlier-secret-value");
    const heard: string[] = [];
    const stop = onSecretRegistered((p) => heard.push(p));
    registerSecret("line-one-secret\nline-two-secret");
    stop();
    registerSecret("after-stop-secret");
    expect(heard).toEqual([
      "earlier-secret-value",
      "line-one-secret\nline-two-secret",
      "line-one-secret",
      "line-two-secret",
    ]);
  });

  test("secretParts splits a one-line PEM and a PEM with escaped newlines", () => {
    expect(secretParts("-----BEGIN PRIVATE KEY-----MIIEvQIB+AD/ANBg-----END PRIVATE KEY-----")).toContain(
      "MIIEvQIB+AD/ANBg",
    );
    expect(secretParts("-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----")).toContain(
      "MIIEvQIBADANBg",
    );
  });

  test("registerSecretsIn registers a pasted private key's lines and, when asked, secret-named values", () => {
    registerSecretsIn("api_key = -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1\nshortln9\nnot base64 here!\n");
    registerSecretsIn("region = us-ashburn-1\noauthclientsecret = s3cr%%et-from-output\nsubjecttoken = <here>\n", {
      assignments: true,
    });
    expect(redact("MIIEowIBAAKCAQEAu1 shortln9 s3cr%et-from-output us-ashburn-1 <here>")).toBe(
      "[secret] [secret] [secret] us-ashburn-1 <here>",
    );
    // Without `assignments`, a key's name is not trusted: setupConfig.ini's `api_key = generate` is no secret.
    registerSecretsIn("api_key = generated-public-key-path\n");
    expect(redact("generated-public-key-path")).toBe("generated-public-key-path");
  });

  test("registerEnvironmentSecrets takes known secret variables and long values under secret names", () => {
    registerEnvironmentSecrets({
      OCI_TOKEN_EXCHANGE_CLIENT_SECRET: "shrt",
      GITHUB_TOKEN: "ghs_0123456789abcdef",
      TOKENIZERS_PARALLELISM: "true",
      HOME: "/home/runner-0123456789",
    });
    expect(redact("shrt ghs_0123456789abcdef true /home/runner-0123456789")).toBe(
      "[secret] [secret] true /home/runner-0123456789",
    );
  });

  test.each([
    ["client_secret", true],
    ["clientSecret", true],
    ["client-secret", true],
    ["CLIENT_SECRET", true],
    ["oauthclientsecret", true],
    ["api_key", true],
    ["apiKey", true],
    ["client_credential", true],
    ["private_key_pem", true],
    ["app_client_secret", true],
    ["subject_token", true],
    ["X-Amz-Signature", true],
    ["password", true],
    ["access_token_expiry", false],
    ["token_exchange_app_name", false],
    ["token_exchange_client_id", false],
    ["secret_id", false],
    ["wif_token_path", false],
    ["display_name", false],
    ["public_key", false],
  ])("isSecretName(%s) is %s", (name, expected) => {
    expect(isSecretName(name)).toBe(expected);
  });

  test("a value under a secret name that is a switch or a number is kept", () => {
    expect(redact("can_use_api_keys = true, client_secret = abc123")).toBe(
      "can_use_api_keys = true, client_secret = [secret]",
    );
  });

  test("registerSecretsInJson takes strings under secret names, and private keys anywhere, in an answer", () => {
    registerSecretsInJson({
      Resources: [
        {
          displayName: "ci-app-display",
          clientSecret: "idcs-app-secret-value-77",
          isOAuthClient: true,
          "urn:ietf:params:scim:schemas:oracle:idcs:extension:userCredentials:User": {
            created: "2026-01-01T00:00:00Z",
          },
          certificate: "-----BEGIN PRIVATE KEY-----\nMIIEowIBAAKCAQEAzz9\n-----END PRIVATE KEY-----",
        },
      ],
    });
    expect(redact("ci-app-display idcs-app-secret-value-77 true 2026-01-01T00:00:00Z MIIEowIBAAKCAQEAzz9")).toBe(
      "ci-app-display [secret] true 2026-01-01T00:00:00Z [secret]",
    );
  });
});
