// One fixture per issuer family of the catalogue (core/issuers/) beyond GitHub and GitLab, whose fixtures are in
// stacks.test.ts. Their snapshots live in this file's own snapshot file, so the contract file of the existing fixtures
// (__snapshots__/stacks.test.ts.snap) is not touched when an issuer is added.
import { Testing } from "cdktf";
import { loadAllSchemas } from "../scripts/schema/provider-schema";
import { checkStackAgainstSchema } from "../scripts/schema/schema-check";
import { ISSUERS, recogniseIssuer, formOf } from "../core/issuers";
import { fixture, scrub, synth } from "./support/stacks";
import { warningsOf } from "../app/synth";

/** The fixture of each family: its file under test/fixtures/ (GitHub and GitLab: github.ini, gitlab.ini). */
const ISSUER_FIXTURES: Readonly<Record<string, string>> = {
  github: "github",
  gitlab: "gitlab",
  bitbucket: "bitbucket",
  "azure-devops": "azure-devops",
  circleci: "circleci",
  buildkite: "buildkite",
  terraform: "terraform",
  kubernetes: "kubernetes",
  entra: "entra",
  google: "google",
  aws: "aws",
  spacelift: "spacelift",
  env0: "env0",
};

const NEW = Object.entries(ISSUER_FIXTURES).filter(([id]) => id !== "github" && id !== "gitlab");
const SCHEMAS = loadAllSchemas();

test("every issuer family of the catalogue has a fixture", () => {
  expect(ISSUERS.map((f) => f.id).sort()).toEqual(Object.keys(ISSUER_FIXTURES).sort());
});

describe.each(NEW)("the %s fixture", (id, name) => {
  test("loads without warnings, every trust of it the family's", () => {
    const { config, warnings } = fixture(name);
    expect(warnings).toEqual([]);
    for (const t of config.trusts) expect([t.label, t.provider]).toEqual([t.label, id]);
  });

  test("matches its snapshot", () => {
    expect(scrub(synth(fixture(name).config).json)).toMatchSnapshot();
  });

  test("passes the provider schema check and cdktf's own validations", () => {
    const { doc, stack } = synth(fixture(name).config);
    expect(checkStackAgainstSchema(doc, SCHEMAS)).toEqual([]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test("synthesizes without warnings, and to the same bytes twice", () => {
    const first = synth(fixture(name).config);
    expect(warningsOf(first.stack)).toEqual([]);
    expect(first.json).toBe(synth(fixture(name).config).json);
  });

  test("uses the family's documented JWKS URL unless the fixture names one", () => {
    const { config, text } = fixture(name);
    for (const t of config.trusts) {
      const family = ISSUERS.find((f) => f.id === id)!;
      const form = formOf(family, t.issuer);
      if (form?.jwks && !text.includes(`jwk_uri = ${t.jwksUri}`)) expect(t.jwksUri).toBe(form.jwks(t.issuer));
      else expect(text).toContain(`jwk_uri = ${t.jwksUri}`);
      if (form?.pattern) expect(recogniseIssuer(t.issuer)?.family.id).toBe(id);
    }
  });
});
