import { WifError } from "../core/errors";

/**
 * Thrown by a construct whose props are invalid. The message names the construct's class and path, each bad
 * prop, the value received and the fix, one problem per line.
 */
export class ConstructValidationError extends WifError {
  constructor(
    public readonly constructPath: string,
    public readonly problems: readonly string[],
  ) {
    super("WIF-E-PROPS", "badInput", problems);
    this.name = "ConstructValidationError";
  }
}
