import * as v from "valibot";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FILE_LIMITS } from "../core/bounded-file";
import { WifError } from "../core/errors";
import { readNamedText } from "../core/place";
import { readJsonFileShape, obj, str, list } from "../core/schema";
import { writeFilesAtomically } from "../core/secret-file";
import { staleReason } from "../core/stack-source";

/**
 * Deploy applies only what passed review. `wif-plan` writes, beside the saved plan, what it reviewed
 * (`wif.tfplan.review.json`: the SHA-256 of the saved plan and of the stack, and the review's verdict); `wif-deploy`
 * refuses a plan that is missing, that has no record, whose plan or stack changed since, whose config changed since
 * it was synthesized, or whose review found unsuppressed errors, unless the person deploying accepts them with
 * `--accept-findings "<reason>"` (printed in the deploy's output). A `[Suppress]` in the config stays the normal way
 * to accept a finding: it is reviewed like the rest of the config.
 */

/** The saved plan's file name in the stack directory. */
export const PLAN_FILE = "wif.tfplan";

/** The review record's file name, beside the saved plan. */
export const REVIEW_RECORD = `${PLAN_FILE}.review.json`;

/** The shortest reason `--accept-findings` takes: a ticket or a sentence, as `[Suppress] reason` asks. */
export const ACCEPT_REASON_MIN = 10;

/** What wif-plan reviewed and what the review said. */
export interface ReviewRecord {
  /** SHA-256 of the saved plan file. */
  readonly plan: string;
  /** SHA-256 of the stack's cdk.tf.json. */
  readonly stack: string;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  /** `<rule> at <address>` of each unsuppressed error, for the refusal's message (the first few). */
  readonly blocking: readonly string[];
}

const SHA = v.pipe(str(64), v.regex(/^[0-9a-f]{64}$/, "is not a SHA-256 digest"));
const COUNT = v.pipe(v.number(), v.integer(), v.minValue(0));
const RECORD_SCHEMA = obj({
  plan: SHA,
  stack: SHA,
  errors: COUNT,
  warnings: COUNT,
  suppressed: COUNT,
  blocking: list(str(1000), 20),
});

/** SHA-256 of a file's bytes. */
export function fileSha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** Writes the record beside the saved plan (after the review). */
export function writeReviewRecord(stackDir: string, record: ReviewRecord): void {
  writeFilesAtomically([
    { path: join(stackDir, REVIEW_RECORD), content: `${JSON.stringify(record, null, 2)}\n`, mode: 0o600 },
  ]);
}

/** A refusal to deploy: why, and what to do. */
export class DeployRefusedError extends WifError {
  constructor(
    lines: readonly string[],
    /** `badInput` (exit 2) for a plan that is missing or stale; `failed` (exit 1) for one whose review failed. */
    kind: "badInput" | "failed" = "badInput",
  ) {
    super("WIF-E-DEPLOY", kind, lines);
    this.name = "DeployRefusedError";
  }
}

/** What {@link checkGate} let through: the record, and the accepted findings' line when the override was used. */
export interface GatePassed {
  readonly record: ReviewRecord;
  readonly accepted?: string;
}

const PLAN_AGAIN = "Run wif-plan (npm run plan) again and read it, then wif-deploy.";

/**
 * Checks that the saved plan in `stackDir` may be applied.
 * @param acceptFindings the reason given with `--accept-findings`, if any
 * @throws DeployRefusedError saying why not and what to do
 */
export function checkGate(stackDir: string, acceptFindings?: string): GatePassed {
  const planFile = join(stackDir, PLAN_FILE);
  if (!existsSync(planFile))
    throw new DeployRefusedError([`${planFile}: no saved plan; nothing was applied. ${PLAN_AGAIN}`]);
  let record: ReviewRecord;
  try {
    record = readJsonFileShape(RECORD_SCHEMA, join(stackDir, REVIEW_RECORD), FILE_LIMITS.record, {
      source: REVIEW_RECORD,
      read: readNamedText,
    });
  } catch {
    throw new DeployRefusedError([
      `${planFile}: the saved plan has no readable review record (${REVIEW_RECORD}): it was not made by wif-plan, or its review did not finish; nothing was applied. ${PLAN_AGAIN}`,
    ]);
  }
  if (fileSha256(planFile) !== record.plan)
    throw new DeployRefusedError([
      `${planFile}: the saved plan changed since it was reviewed; nothing was applied. ${PLAN_AGAIN}`,
    ]);
  const stackFile = join(stackDir, "cdk.tf.json");
  if (!existsSync(stackFile) || fileSha256(stackFile) !== record.stack)
    throw new DeployRefusedError([
      `${stackFile}: the stack was synthesized again (or removed) since the plan was made; nothing was applied. ${PLAN_AGAIN}`,
    ]);
  const stale = staleReason(stackFile);
  if (stale) throw new DeployRefusedError([`${stackFile}: ${stale}; nothing was applied. ${PLAN_AGAIN}`]);
  if (record.errors === 0) return { record };
  const found = `the review of this plan found ${record.errors} unsuppressed error${record.errors === 1 ? "" : "s"} (${record.blocking.slice(0, 3).join("; ")}${record.errors > 3 ? "; …" : ""})`;
  if (acceptFindings === undefined)
    throw new DeployRefusedError(
      [
        `${planFile}: ${found}; nothing was applied.`,
        `Fix the config, or accept a finding the normal way with a [Suppress <rule>] section in it, then plan again; to apply this plan anyway, wif-deploy --accept-findings "<why>".`,
      ],
      "failed",
    );
  return { record, accepted: `accepted with --accept-findings: ${found}. Reason given: ${acceptFindings}` };
}
