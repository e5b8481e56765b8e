import { COMPARTMENT_OCID, PROVIDER_AUTH, REGION, TENANCY_OCID } from "../reader";
import { one, type ReadContext } from "./context";

/**
 * `[OCIConfig]`: the provider's profile, auth and region, and where policies live. Its `wif_*` keys (mode keys,
 * config/spec-modes.ts) are read with the `[Workload]` sections.
 */
export function readOciConfig(c: ReadContext): void {
  const { reader } = c;
  const oci = one(c, "OCIConfig");
  const tenancyOcid =
    oci && reader.pattern(oci, "tenancy_ocid", TENANCY_OCID, "a tenancy OCID, ocid1.tenancy.oc1..<id>");
  const compartmentOcid =
    oci &&
    reader.pattern(
      oci,
      "compartment_ocid",
      COMPARTMENT_OCID,
      "a compartment OCID, ocid1.compartment.oc1..<id> (or the tenancy OCID)",
    );
  const region = oci && reader.pattern(oci, "region", REGION, "a region identifier such as us-ashburn-1");
  const auth = oci && reader.choice(oci, "auth", PROVIDER_AUTH);
  const profile = (oci && reader.string(oci, "cli_profile")) ?? "DEFAULT";
  c.draft.oci = { section: oci, profile, tenancyOcid, compartmentOcid, region, auth };
}
