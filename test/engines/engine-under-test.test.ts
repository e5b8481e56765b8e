// Each jest project runs on the engine it says it runs on (jest.config.js): "cdktf" on cdktf 0.21 with its
// constructs, "cdktn" on CDK Terrain 0.24 with the constructs it accepts and the bindings its own generator made. A
// mapping that fell back to cdktf would make the cdktn project a second run of the cdktf one; this test fails then.
import { createRequire } from "node:module";
import { join } from "node:path";
import { App, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { OciProvider } from "../../.gen/providers/oci/provider";
import { PrivateKey } from "../../.gen/providers/tls/private-key";
import { ROOT } from "../support/stacks";

declare const ENGINE_UNDER_TEST: "cdktf" | "cdktn";

const EXPECTED = {
  cdktf: { version: "0.21.0", constructsFrom: ROOT },
  cdktn: { version: "0.24.0", constructsFrom: join(ROOT, "engines", "cdktn") },
};

const rtti = (type: unknown) => (type as Record<symbol, { fqn: string; version: string }>)[Symbol.for("jsii.rtti")];

describe(`the engine under test (${ENGINE_UNDER_TEST})`, () => {
  test("is the engine the project names, at the version the package pins", () => {
    expect(rtti(App)).toEqual({ fqn: `${ENGINE_UNDER_TEST}.App`, version: EXPECTED[ENGINE_UNDER_TEST].version });
  });

  test("builds on the constructs the engine itself was installed with", () => {
    const besideEngine = createRequire(join(EXPECTED[ENGINE_UNDER_TEST].constructsFrom, "package.json"))(
      "constructs/package.json",
    ).version;
    expect(Object.getPrototypeOf(TerraformStack)).toBe(Construct);
    expect(require("constructs/package.json").version).toBe(besideEngine);
  });

  test("has bindings generated for it: OCI's and TLS's classes extend the engine's own", () => {
    expect(Object.getPrototypeOf(OciProvider)).toBe(TerraformProvider);
    expect(Object.getPrototypeOf(PrivateKey)).toBe(TerraformResource);
  });
});
