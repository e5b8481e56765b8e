/**
 * The payload classes of the literal-text corpus (literal-corpus.test.ts), shared with the proof through a real
 * Terraform (templates-terraform.test.ts) that their escaped form evaluates to the text itself.
 */
import { Lazy, Token } from "cdktf";

/** Text Terraform would evaluate if it reached cdk.tf.json as it is; it must arrive as literal text (or be refused). */
export const TEMPLATE_PAYLOADS: ReadonlyArray<readonly [string, string]> = [
  ["an interpolation that reads a file", '${file("/etc/passwd")}'],
  ["a directive", "%{ if true }x%{ endif }"],
  ["Terraform's own escapes", "$${path.cwd} %%{ endif }"],
  ["nested interpolations", "${${path.module}}"],
  ["look-alike characters", '\uFF04{file("/etc/passwd")} $\uFF5Bx}'],
];

/**
 * Text that cdktf reads as one of its tokens; every value holding one is refused. The markers name tokens that
 * exist in the process that synthesizes (TOKEN.1 always does; the number token is made here), so a value that got
 * through would become a live reference, not a dangling one.
 */
export function markerPayloads(): ReadonlyArray<readonly [string, string]> {
  return [
    ["a forged cdktf string marker", "${TfToken[TOKEN.1]}"],
    ["a forged cdktf list marker", "#{TfToken[TOKEN.1]}"],
    ["a forged cdktf number token", String(Token.asNumber(Lazy.numberValue({ produce: () => 7 })))],
  ];
}

/** What Terraform must be given to evaluate to `text`: `$${` for `${`, `%%{` for `%{`. */
export function terraformLiteral(text: string): string {
  return text.replace(/[$%]\{/g, (m) => `${m[0]}${m}`);
}

/** A line of `/etc/passwd`, which no output may ever hold. */
export const PASSWD_LINE = /root:[^:\n]*:0:0:/;
