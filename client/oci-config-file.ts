/**
 * Adds or updates one profile of an OCI config file (`~/.oci/config`) as text, so everything else in the file
 * (other profiles, comments, blank lines, key order, line endings) stays exactly as it was.
 */

/** The keys of a session-token profile, in the order the OCI CLI writes them. */
export interface SessionProfile {
  readonly fingerprint: string;
  readonly key_file: string;
  readonly tenancy: string;
  readonly region: string;
  readonly security_token_file: string;
}

const PROFILE_KEYS: readonly (keyof SessionProfile)[] = [
  "fingerprint",
  "key_file",
  "tenancy",
  "region",
  "security_token_file",
];
/**
 * Keys that belong to whatever key the profile used before and would be wrong for the new session key: a
 * passphrase (ours is not encrypted).
 */
const STALE_KEYS = new Set(["pass_phrase"]);
const HEADER = /^\s*\[([^\]]*)\]\s*$/;
const ENTRY = /^\s*([^=#;\s][^=]*?)\s*=/;

/**
 * Returns `text` with the profile `[name]` holding `values`: keys already there get their new value in place,
 * missing keys are added after the profile's last line, a stale `pass_phrase` is removed, and anything else in
 * the profile is kept. A new profile is appended at the end of the file.
 */
export function upsertProfile(text: string, name: string, values: SessionProfile): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text === "" ? [] : text.replace(/\r?\n$/, "").split(/\r?\n/);
  const start = lines.findIndex((l) => HEADER.exec(l)?.[1].trim() === name);
  const rendered = (key: keyof SessionProfile) => `${key}=${values[key]}`;

  if (start < 0) {
    const block = [`[${name}]`, ...PROFILE_KEYS.map(rendered)];
    const out = lines.length && lines[lines.length - 1].trim() !== "" ? [...lines, "", ...block] : [...lines, ...block];
    return out.join(eol) + eol;
  }

  let end = lines.findIndex((l, i) => i > start && HEADER.test(l));
  if (end < 0) end = lines.length;
  const seen = new Set<string>();
  const body: string[] = [];
  for (const line of lines.slice(start + 1, end)) {
    const key = ENTRY.exec(line)?.[1].toLowerCase();
    if (key && STALE_KEYS.has(key)) continue;
    if (key && (PROFILE_KEYS as readonly string[]).includes(key)) {
      // A repeated key would leave readers to disagree about which one counts; keep one.
      if (!seen.has(key)) body.push(rendered(key as keyof SessionProfile));
      seen.add(key);
      continue;
    }
    body.push(line);
  }
  // New keys go after the profile's last non-blank line, so the blank line before the next profile stays.
  let insertAt = body.length;
  while (insertAt > 0 && body[insertAt - 1].trim() === "") insertAt--;
  body.splice(insertAt, 0, ...PROFILE_KEYS.filter((k) => !seen.has(k)).map(rendered));
  return [...lines.slice(0, start + 1), ...body, ...lines.slice(end)].join(eol) + eol;
}
