import { ConfigFileAuthenticationDetailsProvider } from "oci-common/lib/auth/config-file-auth";
import { SessionAuthDetailProvider } from "oci-common/lib/auth/session-auth-details-provider";
import { ConfigFileReader } from "oci-common/lib/config-file-reader";
import { DefaultRequestSigner } from "oci-common/lib/signer";
import { HTTP_LIMITS, NetworkError, sendBounded } from "../core/bounded-http";
import { parseJson } from "../core/bounded-json";
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
  /** Everything of one request (connection, answer) must be done within this. @default 30000 */
  readonly timeoutMs?: number;
  /** Largest answer read; a larger one is cut off at this size and refused. @default 20 MB */
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
  const limits = {
    deadlineMs: options.timeoutMs ?? HTTP_LIMITS.importDeadlineMs,
    maxBytes: options.maxBytes ?? HTTP_LIMITS.pageBytes,
  };
  return async (url: string) => {
    const where = requestName(url);
    const headers = new Headers({ accept: "application/json" });
    try {
      await signer.signHttpRequest({ method: "GET", uri: url, headers });
    } catch (err) {
      throw new AdoptError(
        `${where}: the request could not be signed with profile ${options.profile} (${(err as Error).message.split("\n")[0]}). Check its key_file or security_token_file.`,
      );
    }
    let res;
    try {
      res = await sendBounded({ method: "GET", url: new URL(url), headers: Object.fromEntries(headers) }, limits);
    } catch (err) {
      if (err instanceof NetworkError) throw new AdoptError(`${where}: ${err.message}.`);
      throw err;
    }
    if (res.status === 401 || res.status === 403) {
      throw new AdoptError(
        `${where}: ${res.status}. The profile's user must be an identity domain administrator (and may read policies), and its key or session must be valid.`,
      );
    }
    if (res.status !== 200) throw new AdoptError(`${where}: HTTP ${res.status}.`);
    const next = res.headers["opc-next-page"];
    return {
      body: parseJson(res.bytes ?? Buffer.from(res.body), { source: where, root: "answer" }),
      nextPage: typeof next === "string" && next !== "" ? next : undefined,
    };
  };
}

/**
 * A request as messages name it: `GET <url>` without its query (which can carry filter values), an id in the path
 * set off in braces (`…/Users/{3c1a…}`), so the printer's guard against key material does not take the path for one.
 */
export function requestName(url: string): string {
  return `GET ${url
    .split("?")[0]
    .split("/")
    .map((seg, i) => (i > 2 && /^(?=.*\d)[A-Za-z0-9._-]{16,}$/.test(seg) ? `{${seg}}` : seg))
    .join("/")}`;
}
