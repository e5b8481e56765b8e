/**
 * Prints one line saying whether the end-to-end tier will run here (`.ci/run` calls it before the tests): the
 * tier needs the real oracle/oci provider, which CI machines do not have.
 */
import { e2eSkipReason, mirroredProvider } from "../testing/local-oci/provider";

const reason = e2eSkipReason();
process.stdout.write(
  reason
    ? `${reason}\n`
    : `end-to-end tier runs: the real oracle/oci provider${process.env.WIF_E2E === "1" ? " (WIF_E2E=1: terraform init may download it)" : ` at ${mirroredProvider()}`}\n`,
);
