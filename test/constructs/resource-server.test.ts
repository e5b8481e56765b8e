import { OAuthClient } from "../../constructs/oauth-client";
import { ResourceServer, type ResourceServerProps } from "../../constructs/resource-server";
import { warningsOf } from "../../app/synth";
import { DOMAIN, only, resources, synthOf, testStack } from "../support/stacks";

const base = (over: Partial<ResourceServerProps> = {}): ResourceServerProps => ({
  domain: DOMAIN,
  displayName: "Reports API",
  audience: "https://reports.example.com/",
  scopes: [{ value: "reports.read", description: "Read reports" }, { value: "reports.write" }],
  ...over,
});

describe("ResourceServer", () => {
  test("is an active OAuth resource app with its audience and scopes, sorted", () => {
    const { doc } = synthOf(
      (s) => new ResourceServer(s, "R", base({ scopes: [{ value: "b" }, { value: "a", requiresConsent: true }] })),
    );
    expect(only(doc, "oci_identity_domains_app")).toMatchObject({
      is_oauth_resource: true,
      audience: "https://reports.example.com/",
      based_on_template: { value: "CustomWebAppTemplateId" },
      active: true,
      force_delete: true,
      scopes: [
        { value: "a", description: "a", requires_consent: true },
        { value: "b", description: "b", requires_consent: false },
      ],
    });
  });

  test("leaves token lifetimes to the service by default, and sets them when given", () => {
    expect(
      only(synthOf((s) => new ResourceServer(s, "R", base())).doc, "oci_identity_domains_app").access_token_expiry,
    ).toBeUndefined();
    const app = only(
      synthOf((s) => new ResourceServer(s, "R", base({ accessTokenExpiry: 7200, refreshTokenExpiry: 86400 }))).doc,
      "oci_identity_domains_app",
    );
    expect(app).toMatchObject({ access_token_expiry: 7200, refresh_token_expiry: 86400 });
  });

  test("qualifies a scope with its audience", () => {
    expect(new ResourceServer(testStack(), "R", base()).fqs("reports.read")).toBe(
      "https://reports.example.com/reports.read",
    );
  });

  test("warns that user flows cap access tokens at the session, above 8 hours", () => {
    const stack = testStack();
    new ResourceServer(stack, "R", base({ accessTokenExpiry: 86400 }));
    expect(warningsOf(stack)).toEqual([
      "WIF-W-TOKEN-CAPPED ResourceServer at 'test/R': access tokens of 86400 s: in user flows (authorization code, user assertion) the service caps them at the session's remaining time, 28800 s by default; client-credentials tokens are not capped that way.",
    ]);
  });

  test("warns when audience and scope would run together", () => {
    const stack = testStack();
    new ResourceServer(stack, "R", base({ audience: "api://reports" }));
    expect(warningsOf(stack)).toEqual([
      `WIF-W-SCOPE-JOINS-AUDIENCE ResourceServer at 'test/R': fully qualified scopes are the audience followed by the scope, so "api://reportsreports.read"; end the audience with "/" unless that is meant.`,
    ]);
  });

  test.each([
    ["no scopes", { scopes: [] }, "ResourceServer at 'test/R': 'scopes' must define at least one scope; got []."],
    [
      "a scope twice",
      { scopes: [{ value: "a" }, { value: "a" }] },
      `ResourceServer at 'test/R': 'scopes[1].value' is defined twice; got "a". Remove the duplicate.`,
    ],
    [
      "a scope with a space",
      { scopes: [{ value: "a b" }] },
      `ResourceServer at 'test/R': 'scopes[0].value' must be letters, digits and . _ ~ : / - (at most 100), without spaces; got "a b".`,
    ],
    [
      "an access token under a minute",
      { accessTokenExpiry: 59 },
      "ResourceServer at 'test/R': 'accessTokenExpiry' must be a whole number of seconds from 60 to 31536000 (Oracle's token expiry table: 60 s to one year); got 59.",
    ],
    [
      "an access token over a year",
      { accessTokenExpiry: 31_536_001 },
      "ResourceServer at 'test/R': 'accessTokenExpiry' must be a whole number of seconds from 60 to 31536000 (Oracle's token expiry table: 60 s to one year); got 31536001.",
    ],
    [
      "a refresh token shorter than the access token",
      { accessTokenExpiry: 7200, refreshTokenExpiry: 3600 },
      "ResourceServer at 'test/R': 'refreshTokenExpiry' must be a whole number of seconds from 7200 to 31536000 (no bound is documented; ours: no shorter than the access token, at most a year); got 3600.",
    ],
  ])("throws when given %s", (_name, over, message) => {
    expect(() => new ResourceServer(testStack(), "R", base(over))).toThrow(message);
  });
});

describe("OAuthClient", () => {
  test("is a confidential client-credentials app allowed the server's fully qualified scopes, after the server exists", () => {
    const { doc, stack, built } = synthOf((s) => {
      const server = new ResourceServer(s, "R", base());
      new OAuthClient(s, "C", {
        domain: DOMAIN,
        displayName: "etl",
        scopes: [
          { resourceServer: server, scope: "reports.write" },
          { resourceServer: server, scope: "reports.read" },
        ],
      });
      return server;
    });
    const client = Object.values<any>(resources(doc, "oci_identity_domains_app")).find((a) => a.is_oauth_client);
    expect(client).toMatchObject({
      display_name: "etl",
      client_type: "confidential",
      allowed_grants: ["client_credentials"],
      allowed_scopes: [
        { fqs: "https://reports.example.com/reports.read" },
        { fqs: "https://reports.example.com/reports.write" },
      ],
      depends_on: [`oci_identity_domains_app.${stack.getLogicalId(built.app)}`],
    });
  });

  test("takes a fully qualified scope of an app it does not manage", () => {
    const { doc } = synthOf(
      (s) =>
        new OAuthClient(s, "C", {
          domain: DOMAIN,
          displayName: "c",
          scopes: [{ fqs: "https://other.example.com/read" }],
        }),
    );
    expect(only(doc, "oci_identity_domains_app")).toMatchObject({
      allowed_scopes: [{ fqs: "https://other.example.com/read" }],
    });
    expect(only(doc, "oci_identity_domains_app").depends_on).toBeUndefined();
  });

  test("warns that an IAM scope next to custom ones caps tokens at one hour", () => {
    const stack = testStack();
    const server = new ResourceServer(stack, "R", base());
    new OAuthClient(stack, "C", {
      domain: DOMAIN,
      displayName: "c",
      scopes: [{ resourceServer: server, scope: "reports.read" }, { fqs: "urn:opc:idm:__myscopes__" }],
    });
    expect(warningsOf(stack)).toEqual([
      "WIF-W-IAM-SCOPE-CAP OAuthClient at 'test/C': requests OCI IAM's own scopes (urn:opc:idm:…) together with custom ones; access tokens that carry an IAM scope are capped at 3600 s whatever the resource server's access_token_expiry.",
    ]);
  });

  test("throws when a scope is not the server's", () => {
    const stack = testStack();
    const server = new ResourceServer(stack, "R", base());
    expect(
      () =>
        new OAuthClient(stack, "C", {
          domain: DOMAIN,
          displayName: "c",
          scopes: [{ resourceServer: server, scope: "reports.delete" }],
        }),
    ).toThrow(
      `OAuthClient at 'test/C': 'scopes[0]' is not a scope of resource server 'test/R'; got "reports.delete". Its scopes: reports.read, reports.write.`,
    );
  });
});
