import type { UiMessage } from "./terraform";

/**
 * Progress while Terraform works, from its machine-readable UI messages (deploy/terraform.ts): which resource is
 * being created, changed or destroyed, how many of how many, and the time since the step began. Only addresses,
 * actions and times are shown (every line still goes through the terminal writer); Terraform's diagnostics are kept,
 * not printed, until the caller has learnt the state's secrets ({@link Progress.diagnostics}).
 *
 * Message types read (Terraform's "Machine-readable UI Output Reference"): `apply_start`, `apply_progress`,
 * `apply_complete`, `apply_errored`, `refresh_complete`, `planned_change`, `change_summary`, `diagnostic`; any other
 * type is ignored, as the reference asks of a reader.
 */

/** A diagnostic Terraform reported: an error or a warning, with the resource it is about when there is one. */
export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail: string;
  readonly address?: string;
}

const VERB: Record<string, readonly [string, string]> = {
  create: ["creating", "created"],
  update: ["changing", "changed"],
  delete: ["destroying", "destroyed"],
  replace: ["replacing", "replaced"],
  read: ["reading", "read"],
  noop: ["checking", "checked"],
  move: ["moving", "moved"],
  import: ["importing", "imported"],
  forget: ["forgetting", "forgot"],
};

function field(value: unknown, key: string): unknown {
  return value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown, max = 2000): string {
  return typeof value === "string" ? value.slice(0, max) : "";
}

/** `1m05s`, `12s`. */
export function elapsed(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/** Follows one plan or apply. */
export class Progress {
  /** Diagnostics in the order Terraform sent them. */
  public readonly diagnostics: Diagnostic[] = [];
  /** Terraform's closing summary (`Apply complete! Resources: 3 added, …`), when it sent one. */
  public summary?: string;
  private started = 0;
  private finished = 0;
  private read = 0;
  private readonly startedMs: number;

  constructor(
    /** How many resources the step will change, when known (the saved plan's count), for "k of N". */
    private readonly total: number | undefined,
    private readonly say: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.startedMs = now();
  }

  private clock(): string {
    return elapsed((this.now() - this.startedMs) / 1000);
  }

  private of(n: number): string {
    return this.total ? `${n}/${this.total}` : `${n}`;
  }

  /** Takes one message; prints a progress line for the ones that are progress. */
  public take(message: UiMessage): void {
    const hook = message.hook;
    const address = text(field(field(hook, "resource"), "addr"), 500);
    const action = text(field(hook, "action"), 20);
    const [doing, done] = VERB[action] ?? [action || "working on", action || "done"];
    switch (message.type) {
      case "apply_start":
        this.started++;
        this.say(`  [${this.of(this.started)}] ${doing} ${address} … (${this.clock()})`);
        break;
      case "apply_progress":
        this.say(`        still ${doing} ${address} (${elapsed(Number(field(hook, "elapsed_seconds")) || 0)} so far)`);
        break;
      case "apply_complete":
        this.finished++;
        this.say(
          `  [${this.of(this.finished)}] ${done} ${address} in ${elapsed(Number(field(hook, "elapsed_seconds")) || 0)} (${this.clock()})`,
        );
        break;
      case "apply_errored":
        this.say(`  failed: ${doing} ${address} (${elapsed(Number(field(hook, "elapsed_seconds")) || 0)})`);
        break;
      case "refresh_complete":
        this.read++;
        if (this.read % 10 === 1) this.say(`  reading the state: ${this.read} resource(s) so far (${this.clock()})`);
        break;
      case "change_summary":
        this.summary = text(message["@message"], 300);
        break;
      case "diagnostic": {
        const d = message.diagnostic;
        this.diagnostics.push({
          severity: text(field(d, "severity"), 20) || "error",
          summary: text(field(d, "summary")),
          detail: text(field(d, "detail")),
          address: text(field(d, "address"), 500) || undefined,
        });
        break;
      }
      default:
        break;
    }
  }

  /** The time since the step began, e.g. `1m05s`. */
  public get elapsedText(): string {
    return this.clock();
  }
}

/** The facts oracle/oci adds to a service error's detail that say which call failed: support asks for them. */
const OCI_FACT = /^(Request Target|Service|Operation Name|OPC request ID): (.+)$/;
/** Lines of that detail that are the same for every error: a link, an empty reference, the provider's version. */
const OCI_BOILERPLATE = /^(Documentation|API Reference|Provider version):/;

/**
 * A diagnostic as lines: `error: <summary> (<address>)`, then its detail indented (at most 12 lines); a summary of
 * several lines gives its first as the summary and the rest as detail. An OCI service error (oracle/oci 8.28.0 puts
 * the whole error in the summary: `400-InvalidParameter, <message>`, then `Suggestion:`, `Documentation:`,
 * `Request Target:`, `Provider version:`, `Service:`, `Operation Name:`, `OPC request ID:` lines) keeps its message
 * and suggestion and puts the facts that name the failed call on one line, without the documentation link and
 * version notice the provider adds to every error.
 */
export function diagnosticLines(d: Diagnostic): string[] {
  const [summary = "", ...more] = d.summary.split(/\r?\n/);
  const head = `${d.severity}: ${summary.trim().replace(/,$/, "")}${d.address ? ` (${d.address})` : ""}`;
  const lines = [...more, ...d.detail.split("\n")].map((l) => l.trimEnd()).filter((l) => l.trim());
  const facts = lines.flatMap((l) => {
    const m = OCI_FACT.exec(l.trim());
    return m ? [`${m[1]} ${m[2].trim()}`] : [];
  });
  const detail = facts.length
    ? lines.map((l) => l.trim()).filter((l) => !OCI_FACT.test(l) && !OCI_BOILERPLATE.test(l))
    : lines;
  return [
    `  ${head}`,
    ...detail.slice(0, 12).map((l) => `    ${l}`),
    ...(facts.length ? [`    (${facts.join("; ")})`] : []),
  ];
}
