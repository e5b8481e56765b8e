import { ConfigFileAuthenticationDetailsProvider } from "oci-common/lib/auth/config-file-auth";
import { SessionAuthDetailProvider } from "oci-common/lib/auth/session-auth-details-provider";
import { ConfigFileReader } from "oci-common/lib/config-file-reader";
import { DefaultRequestSigner } from "oci-common/lib/signer";
import { WifError } from "../core/errors";

/** A failure talking to the identity domain or IAM: the status and the request, never a body that might hold data. */
export class AdoptError extends WifError {
  constructor(message: string) {
    super("WIF-E-ADOPT", "failed", [message]);
    this.name = "AdoptError";
  }
}

/** GETs a URL and returns its JSON body and the `opc-next-page` header (IAM's pagination). Tests pass their own. */
export type GetJson = (url: string) => Promise<{ readonly body: unknown; readonly nextPage?: string }>;

/** Options of {@link signedGetJson}. */
export interface SigningOptions {
  /** The OCI config file. @default ~/.oci/config */
  readonly configFile?: string;
  /** The admin's profile: an API-key profile, or a session profile (`security_token_file`, `oci session authenticate`). */
  readonly profile: string;
  /** Per request. @default 30000 */
  readonly timeoutMs?: number;
  /** Largest body read. @default 20 MB */
  readonly maxBytes?: number;
}

/**
 * GETs signed the way every OCI API takes them (draft-cavage HTTP signatures, docs/oci-facts.md#session-profile), with the
 * profile's API key or, when the profile has `security_token_file`, its session token (`keyId="ST$<token>"`).
 * Identity Domains accept OCI-signed requests as well as OAuth bearer tokens, so the admin's own profile is enough.
 */
export function signedGetJson(options: SigningOptions): GetJson {
  const configFile = options.configFile ?? ConfigFileReader.DEFAULT_FILE_PATH;
  let session: boolean;
  try {
    session = !!ConfigFileReader.parseFileFromPath(ConfigFileReader.expandUserHome(configFile), options.profile).get(
      "security_token_file",
    );
  } catch (err) {
    throw new AdoptError(
      `--profile ${options.profile}: cannot be read from ${configFile} (${(err as Error).message.split("\n")[0]}). Pass --config-file and --profile of an identity domain administrator.`,
    );
  }
  const path = ConfigFileReader.expandUserHome(configFile);
  const provider = session
    ? new SessionAuthDetailProvider(path, options.profile)
    : new ConfigFileAuthenticationDetailsProvider(path, options.profile);
  const signer = new DefaultRequestSigner(provider);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  return async (url: string) => {
    const headers = new Headers({ accept: "application/json" });
    await signer.signHttpRequest({ method: "GET", uri: url, headers });
    let res: Response;
    try {
      res = await fetch(url, { method: "GET", headers, signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
    } catch (err) {
      throw new AdoptError(
        `GET ${redact(url)}: ${(err as Error).name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : (err as Error).message}.`,
      );
    }
    const text = await res.text();
    if (text.length > maxBytes)
      throw new AdoptError(`GET ${redact(url)}: the answer is larger than ${maxBytes} bytes.`);
    if (res.status === 401 || res.status === 403) {
      throw new AdoptError(
        `GET ${redact(url)}: ${res.status}. The profile's user must be an identity domain administrator (and may read policies), and its key or session must be valid.`,
      );
    }
    if (res.status !== 200) throw new AdoptError(`GET ${redact(url)}: HTTP ${res.status}.`);
    try {
      return { body: JSON.parse(text), nextPage: res.headers.get("opc-next-page") ?? undefined };
    } catch {
      throw new AdoptError(`GET ${redact(url)}: the answer is not JSON.`);
    }
  };
}

/** The URL without its query, which can carry filter values. */
function redact(url: string): string {
  return url.split("?")[0];
}
