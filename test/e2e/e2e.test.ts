/**
 * The end-to-end tier: the real `oracle/oci` provider applying, re-planning, changing, retiring, destroying and
 * importing against the local OCI (testing/local-oci/), through the project's own commands. One test file, so that
 * the line saying why the tier is skipped is printed once; jest counts the skipped tests. `npm test` runs the
 * quick cases where the provider is installed, `npm run e2e` all of them (`WIF_E2E_ONLY=<case>,…` picks some).
 */
import { e2eSkipReason } from "../support/e2e";
import { CASES } from "./cases";
import { defineAdoption } from "./adoption";
import { defineBroker } from "./broker";
import { defineEnvironments } from "./environments";
import { defineFaults } from "./faults";
import { defineLifecycle } from "./lifecycle";

const skip = e2eSkipReason();
if (skip) process.stdout.write(`${skip}\n`);
const suite = skip ? describe.skip : describe;
const all = process.env.WIF_E2E_ALL === "1";
const only = process.env.WIF_E2E_ONLY?.split(",");
const pick = (name: string, quick = false) => (only ? only.includes(name) : all || quick);

/** Every step's timings, printed at the end for the report. */
const timings: string[] = [];
afterAll(() => {
  if (timings.length) process.stdout.write(`e2e timings:\n${timings.join("\n")}\n`);
});

defineLifecycle(
  suite,
  CASES.filter((c) => pick(c.name, c.quick)),
  timings,
);

if (pick("import", true)) defineAdoption(suite, timings);
if (pick("faults", true)) defineFaults(suite, timings, all || Boolean(only));
if (pick("multi-env")) defineEnvironments(suite, timings);
if (pick("broker")) defineBroker(suite, timings);
