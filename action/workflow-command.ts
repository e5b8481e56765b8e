// The GitHub runner's workflow commands (`::error::…`, `::add-mask::…`), written as the runner reads them back. Shared
// by the Action's main and post steps.
import { terminal } from "../core/text-out";

/**
 * A workflow command's value as the runner reads it: `%` as `%25`, CR as `%0D`, LF as `%0A` (escapeData in
 * actions/toolkit, packages/core/src/command.ts; the runner undoes exactly these). Without it, a secret holding
 * `%0A` would be masked as a line break, and one holding a line break would end the command early.
 */
export function commandValue(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/**
 * The `::add-mask::` line for one part of a secret, escaped ({@link commandValue}). The registry hands over the
 * whole value (line breaks and all), each of its lines and each part an echo may carry alone, such as a JWT's
 * segments (core/redact.ts, secretParts). Each line of a multi-line secret gets its own mask: the runner masks what
 * a later step prints line by line, and only newer runners split a multi-line mask themselves (actions/runner pull
 * request 1521).
 */
export function maskCommand(part: string): string {
  return `::add-mask::${commandValue(part)}`;
}

/**
 * A message command (`::error::`, `::warning::`): the text through the terminal writer (no secret, no control
 * character), then escaped as a command value.
 */
export function workflowCommand(command: "error" | "warning" | "notice", message: string): string {
  return `::${command}::${commandValue(terminal(message))}`;
}
