import { Annotations, Token } from "cdktf";
import type { IConstruct } from "constructs";
import type { WarningId } from "../../core/warnings";
import { ConstructValidationError } from "../validation";

/**
 * Collects a construct's prop problems so that all of them are reported at once, then throws.
 * Unresolved tokens are skipped: their value is only known at apply time.
 */
export class PropChecker {
  private readonly problems: string[] = [];
  private readonly prefix: string;

  constructor(
    private readonly scope: IConstruct,
    className: string,
  ) {
    this.prefix = `${className} at '${scope.node.path}'`;
  }

  /** Records a problem: `'prop' <message>; got <value>. <fix>` */
  public fail(prop: string, message: string, value: unknown, fix?: string): void {
    this.problems.push(`${this.prefix}: '${prop}' ${message}; got ${JSON.stringify(value)}.${fix ? ` ${fix}` : ""}`);
  }

  /**
   * Records a problem unless `value` is a token or passes `test`.
   * @param redact never print the value (it may be key material)
   */
  public check(
    prop: string,
    value: string | undefined,
    test: (v: string) => boolean,
    message: string,
    fix?: string,
    redact = false,
  ): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!test(value)) this.fail(prop, message, redact ? `<${value.length} characters, not shown>` : value, fix);
  }

  /**
   * A non-fatal finding, shown by `cdktf synth` and by our synth command as `<id> <Class> at '<path>': <message>`.
   * @param id a stable ID from core/warnings.ts
   */
  public warn(id: WarningId, message: string): void {
    Annotations.of(this.scope).addWarning(`${id} ${this.prefix}: ${message}`);
  }

  /** Throws a {@link ConstructValidationError} if any problem was recorded. */
  public throwIfAny(): void {
    if (this.problems.length) throw new ConstructValidationError(this.scope.node.path, this.problems);
  }
}
