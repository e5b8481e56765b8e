import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONSTRUCT_PATHS, trustId, trustIds } from "../../core/construct-ids";
import { configFrom, FIXTURES, resources, synth } from "../support/stacks";

const TRUST = "oci_identity_domains_identity_propagation_trust";

describe("trust construct IDs", () => {
  test.each([
    ["GitHub's issuer", "https://token.actions.githubusercontent.com", "Trust-token-actions-githubusercontent-com"],
    ["a trailing slash", "https://gitlab.com/", "Trust-gitlab-com"],
    ["a host with a hyphen", "https://gitlab-example.com", "Trust-gitlab-example-com"],
    ["an issuer with a path (Azure v1)", "https://sts.windows.net/0000-1111/", "Trust-sts-windows-net-0000-1111"],
  ])("an issuer alone keeps its plain slug: %s", (_name, issuer, id) => {
    expect(trustId(issuer)).toBe(id);
  });

  test("two issuers with one slug: the plain dotted host keeps it, the other gets its hash", () => {
    const ids = trustIds(["https://gitlab.example.com", "https://gitlab-example.com"]);
    expect(ids.get("https://gitlab.example.com")).toBe("Trust-gitlab-example-com");
    expect(ids.get("https://gitlab-example.com")).toMatch(/^Trust-gitlab-example-com--[0-9a-f]{16}$/);
  });

  test("two issuers with one slug and no plain host: both get their hash, and the hashes differ", () => {
    const ids = trustIds(["https://ci.example.com/a-b", "https://ci.example.com/a/b"]);
    const [a, b] = [ids.get("https://ci.example.com/a-b"), ids.get("https://ci.example.com/a/b")];
    expect(a).toMatch(/^Trust-ci-example-com-a-b--[0-9a-f]{16}$/);
    expect(b).toMatch(/^Trust-ci-example-com-a-b--[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
  });

  test("the importer keys a trust to the same path the composition gives it", () => {
    const all = ["https://gitlab.example.com", "https://gitlab-example.com"];
    expect(CONSTRUCT_PATHS.trust("https://gitlab-example.com", all)).toBe(
      `Wif/${trustIds(all).get("https://gitlab-example.com")}/Trust`,
    );
  });

  test("a config with issuers https://gitlab.example.com and https://gitlab-example.com synthesizes one trust each", () => {
    const base = readFileSync(join(FIXTURES, "gitlab.ini"), "utf8")
      .replace("issuer = https://gitlab.com", "issuer = https://gitlab.example.com\nprovider = gitlab")
      .replace("issuer = https://gitlab.internal.example.com", "issuer = https://gitlab-example.com");
    const { doc } = synth(configFrom(base).config);
    const trusts = Object.values(resources(doc, TRUST)) as { issuer: string }[];
    expect(trusts.map((t) => t.issuer).sort()).toEqual(["https://gitlab-example.com", "https://gitlab.example.com"]);
  });
});
