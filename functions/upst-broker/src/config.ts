import { SESSION_MINUTES_DEFAULT, SESSION_MINUTES_MAX, SESSION_MINUTES_MIN } from "./limits";

/** What the function reads from its configuration (the `UpstBroker` construct sets both keys). */
export interface BrokerConfig {
  /** `UPST_SECRET_OCID`: the Vault secret holding the account's API key. */
  readonly secretId: string;
  /** `UPST_SESSION_MINUTES`: the session length when a request names none. */
  readonly defaultSessionMinutes: number;
}

/**
 * The resource principal's documented environment (OCI Functions sets it in every function container; oci-common's
 * ResourcePrincipalAuthenticationDetailsProvider reads it). Version 2.2 is the one that needs no network call.
 */
export const RESOURCE_PRINCIPAL_ENV = [
  "OCI_RESOURCE_PRINCIPAL_VERSION",
  "OCI_RESOURCE_PRINCIPAL_RPST",
  "OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM",
  "OCI_RESOURCE_PRINCIPAL_REGION",
] as const;

const SECRET_OCID = /^ocid1\.vaultsecret\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9]+$/;

/**
 * Reads and checks the configuration. Returns it, or every problem at once, each naming the variable and the fix
 * (never a value: these are configuration names, and a value might be a key someone pasted in by mistake).
 */
export function readConfig(
  env: Readonly<Record<string, string | undefined>>,
): { config: BrokerConfig } | { problems: string[] } {
  const problems: string[] = [];
  const secretId = env.UPST_SECRET_OCID?.trim() ?? "";
  if (secretId === "") {
    problems.push(
      "UPST_SECRET_OCID is not set: set it in the function's configuration to the OCID of the secret holding the account's API key (the UpstBroker construct does).",
    );
  } else if (!SECRET_OCID.test(secretId)) {
    problems.push("UPST_SECRET_OCID is not a secret OCID (ocid1.vaultsecret.…).");
  }
  let defaultSessionMinutes = SESSION_MINUTES_DEFAULT;
  const minutes = env.UPST_SESSION_MINUTES?.trim();
  if (minutes) {
    defaultSessionMinutes = /^\d+$/.test(minutes) ? Number(minutes) : NaN;
    if (!(defaultSessionMinutes >= SESSION_MINUTES_MIN && defaultSessionMinutes <= SESSION_MINUTES_MAX)) {
      problems.push(
        `UPST_SESSION_MINUTES must be a whole number from ${SESSION_MINUTES_MIN} to ${SESSION_MINUTES_MAX}.`,
      );
    }
  }
  const missing = RESOURCE_PRINCIPAL_ENV.filter((name) => !env[name]);
  if (missing.length) {
    problems.push(
      `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set: the function reads its secret with its resource principal, which OCI Functions provides; it cannot run elsewhere without them.`,
    );
  } else if (env.OCI_RESOURCE_PRINCIPAL_VERSION !== "2.2") {
    problems.push("OCI_RESOURCE_PRINCIPAL_VERSION must be 2.2, the version OCI Functions provides.");
  }
  return problems.length ? { problems } : { config: { secretId, defaultSessionMinutes } };
}
