/**
 * Everything the broker function talks to, as local stand-ins: the auth service (GenerateUpst, RPSTs), the Secrets
 * service holding the account's key as the UpstBroker construct writes it, and the function's resource principal
 * in its documented environment. `broker()` makes a handler wired to them through its explicit dependencies.
 */
import { generateKeyPair, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createBroker, type Broker, type BrokerDeps } from "../functions/upst-broker/src/handler";
import { startAuthService, resourcePrincipalEnv, type AuthService } from "./oci-auth-service";
import { startSecretsService, type SecretsService } from "./oci-secrets-service";

const makePair = promisify(generateKeyPair);

export const TENANCY = "ocid1.tenancy.oc1..aaaaaaaabrokertenancy";
export const ACCOUNT_USER = "ocid1.user.oc1..aaaaaaaabrokeraccount";
export const FUNCTION_ID = "ocid1.fnfunc.oc1.iad.aaaaaaaabrokerfunction";
export const SECRET_ID = "ocid1.vaultsecret.oc1.iad.aaaaaaaabrokersecret";
export const REGION = "us-ashburn-1";

/** The secret's content exactly as the construct builds it: base64(jsonencode({...})). */
export function accountSecretContent(fields: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(fields), "utf8").toString("base64");
}

export interface BrokerWorld {
  readonly auth: AuthService;
  readonly secrets: SecretsService;
  /** The account's private key (PKCS#8 PEM): a secret that must never be printed. */
  readonly accountPrivateKeyPem: string;
  readonly accountFingerprint: string;
  /** The secret's base64 content. */
  readonly secretContent: string;
  /** The function's environment: configuration and resource principal. */
  readonly env: Record<string, string>;
  /** The RPST, a secret. */
  readonly rpst: string;
  /** Log lines of every broker made by {@link broker}. */
  readonly logs: string[];
  /** A handler wired to the stand-ins. */
  broker(overrides?: Partial<BrokerDeps>): Broker;
  close(): Promise<void>;
}

/**
 * Starts the stand-ins and sets the resource principal's environment in `process.env` (oci-common reads it there),
 * restoring it on close.
 */
export async function startBrokerWorld(): Promise<BrokerWorld> {
  const [auth, account, rp] = await Promise.all([
    startAuthService(),
    makePair("rsa", { modulusLength: 2048 }),
    makePair("rsa", { modulusLength: 1024 }),
  ]);
  const secrets = await startSecretsService(auth.issuerKey);
  const accountPrivateKeyPem = account.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const accountFingerprint = auth.addApiKey(TENANCY, ACCOUNT_USER, account.publicKey);
  const secretContent = accountSecretContent({
    user: ACCOUNT_USER,
    tenancy: TENANCY,
    fingerprint: accountFingerprint,
    region: REGION,
    private_key: accountPrivateKeyPem,
  });
  secrets.secrets.set(SECRET_ID, { content: secretContent, readers: [FUNCTION_ID] });

  const dir = mkdtempSync(join(tmpdir(), "upst-broker-"));
  const rpst = auth.mintRpst(
    { resId: FUNCTION_ID, tenancy: TENANCY, compartment: "ocid1.compartment.oc1..broker" },
    rp.publicKey,
  );
  const rpEnv = resourcePrincipalEnv(
    dir,
    rpst,
    rp.privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    REGION,
  );
  const saved = Object.fromEntries(Object.keys(rpEnv).map((k) => [k, process.env[k]]));
  Object.assign(process.env, rpEnv);
  const env = { ...rpEnv, UPST_SECRET_OCID: SECRET_ID, UPST_SESSION_MINUTES: "30" };
  const logs: string[] = [];

  return {
    auth,
    secrets,
    accountPrivateKeyPem,
    accountFingerprint,
    secretContent,
    env,
    rpst,
    logs,
    broker: (overrides = {}) =>
      createBroker({
        env,
        secretsEndpoint: secrets.url,
        authEndpoint: auth.url,
        log: (l) => logs.push(l),
        ...overrides,
      }),
    async close() {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
      await Promise.all([auth.close(), secrets.close()]);
    },
  };
}

let callerKeys: Promise<{ publicKey: KeyObject; privateKey: KeyObject }> | undefined;
/** One RSA-2048 caller key pair per test file (each costs about 0.25 s to make). */
export function callerKeyPair(): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  callerKeys ??= makePair("rsa", { modulusLength: 2048 });
  return callerKeys;
}

/** A request body for the broker. */
export function brokerBody(publicKey: KeyObject, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ publicKey: publicKey.export({ type: "spki", format: "pem" }), ...extra });
}
