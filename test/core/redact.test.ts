import { forgetSecrets, printable, redact, registerSecret } from "../../core/redact";

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
});
