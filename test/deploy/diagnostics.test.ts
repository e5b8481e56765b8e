// How a failed plan or apply reports Terraform's diagnostics (deploy/progress.ts's diagnosticLines, printed by
// deploy/failure.ts): one head line per diagnostic, and for an OCI service error the call that failed on one line.
import { diagnosticLines } from "../../deploy/progress";

describe("what a failed Terraform step is reported as", () => {
  // The diagnostic oracle/oci 8.28.0 sends in Terraform's JSON UI when it gave up on a 409 (as the end-to-end tier
  // sees it): everything in the summary, one line each, the first with the provider's trailing comma; no detail.
  const lines = [
    "409-BadErrorResponse, ",
    "Suggestion: The resource is in a conflicted state. Please retry again or contact support for help with service: Identity Domains Group",
    "Documentation: https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_group ",
    "API Reference:  ",
    "Request Target: POST http://127.0.0.1:45747/admin/v1/Groups?attributeSets=all ",
    "Provider version: 8.28.0, released on 2026-08-19. This provider is 15 Update(s) behind to current. ",
    "Service: Identity Domains Group ",
    "Operation Name: CreateGroup ",
    "OPC request ID: 80def07548cc14d3a5110190ea0aa6eb ",
  ];
  const address = "oci_identity_domains_group.Wif_ServiceUser-ServiceUser_Group_D60C5572";
  const expected = [
    `  error: 409-BadErrorResponse (${address})`,
    "    Suggestion: The resource is in a conflicted state. Please retry again or contact support for help with service: Identity Domains Group",
    "    (Request Target POST http://127.0.0.1:45747/admin/v1/Groups?attributeSets=all; Service Identity Domains Group; Operation Name CreateGroup; OPC request ID 80def07548cc14d3a5110190ea0aa6eb)",
  ];

  test("an OCI service error: the summary and resource, the suggestion, and the call that failed on one line", () => {
    expect(diagnosticLines({ severity: "error", summary: lines.join("\n"), detail: "", address })).toEqual(expected);
  });

  test("the same when the facts come as the detail", () => {
    const detail = lines.slice(1).join("\n");
    expect(diagnosticLines({ severity: "error", summary: lines[0], detail, address })).toEqual(expected);
  });

  test("an OCI error's own message stays on the summary line", () => {
    const summary = ["400-InvalidParameter, displayName is too long", ...lines.slice(1)].join("\n");
    expect(diagnosticLines({ severity: "error", summary, detail: "" })[0]).toBe(
      "  error: 400-InvalidParameter, displayName is too long",
    );
  });

  test("any other diagnostic keeps its detail as written, indented, at most 12 lines", () => {
    const detail = ["A reference to a resource type must be followed by at least one attribute access.", ""]
      .concat(Array.from({ length: 20 }, (_, i) => `  line ${i}`))
      .join("\n");
    const lines = diagnosticLines({ severity: "error", summary: "Invalid reference", detail });
    expect(lines[0]).toBe("  error: Invalid reference");
    expect(lines[1]).toBe("    A reference to a resource type must be followed by at least one attribute access.");
    expect(lines[2]).toBe("      line 0");
    expect(lines).toHaveLength(13);
  });

  test("a detail that only mentions a Service: elsewhere in a line is not taken for an OCI error", () => {
    const lines = diagnosticLines({ severity: "warning", summary: "Deprecated", detail: "The Service: field moved." });
    expect(lines).toEqual(["  warning: Deprecated", "    The Service: field moved."]);
  });
});
