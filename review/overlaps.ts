import { overlapOf, type OverlapKind, type RuleShape } from "./rule-analysis";

/**
 * Which rules of a trust one token can match although they lead to different users, counted exactly and listed up
 * to a bound, in time close to linear in the number of rules.
 *
 * Why not every pair: a trust at the documented maximum has 10,000 rules, so 50 million pairs. Comparing them all
 * took 20 s, and listing them all ran out of memory (3.2 GB and more) as soon as the rules used two claims, since
 * every rule on `sub` then pairs with every rule on `job_workflow_ref`. Counting here goes by claim, operator and
 * sorted values instead ({@link overlapOf} stays the one definition of an overlap; a test checks the counts
 * against it), and only the first {@link MAX_LISTED_OVERLAPS} pairs of each kind are kept to be shown.
 */

/** Pairs listed per trust and kind; the rest are counted. A reviewer reads the first ones, not millions. */
export const MAX_LISTED_OVERLAPS = 100;

/** A rule as the counting sees it: its shape and the user it leads to (any key; equal keys are one user). */
export interface OverlapInput {
  readonly shape: RuleShape;
  readonly target: string;
}

/** The pairs of one kind: the first ones in rule order (`[i, j]`, `i < j`), and how many there are in all. */
export interface OverlapPairs {
  readonly listed: ReadonlyArray<readonly [number, number]>;
  readonly total: number;
}

/** Overlapping pairs of rules with different targets, by kind. */
export function findOverlaps(
  rules: readonly OverlapInput[],
  maxListed = MAX_LISTED_OVERLAPS,
): Record<OverlapKind, OverlapPairs> {
  const targetIds = new Map<string, number>();
  const target = rules.map((r) => {
    let id = targetIds.get(r.target);
    if (id === undefined) targetIds.set(r.target, (id = targetIds.size));
    return id;
  });
  const valid = rules.map((_, i) => i).filter((i) => rules[i].shape.valid);

  // Different claims: every valid pair on two claims overlaps; subtract the pairs of one user.
  const byClaim = groupBy(valid, (i) => rules[i].shape.claim);
  const byTarget = groupBy(valid, (i) => target[i]);
  const byTargetClaim = groupBy(valid, (i) => `${target[i]}\u0000${rules[i].shape.claim}`);
  const different = new Array<number>(rules.length).fill(0);
  for (const i of valid) {
    const claim = rules[i].shape.claim;
    different[i] =
      valid.length -
      byClaim.get(claim)!.length -
      (byTarget.get(target[i])!.length - byTargetClaim.get(`${target[i]}\u0000${claim}`)!.length);
  }

  // Same claim: pairs whose values meet, within the claim, less those within one user.
  const same = new Array<number>(rules.length).fill(0);
  for (const members of byClaim.values()) {
    const all = sameClaimCounts(members, rules);
    for (const [, own] of groupBy(members, (i) => target[i])) {
      const mine = sameClaimCounts(own, rules);
      for (const i of own) same[i] = all.get(i)! - mine.get(i)!;
    }
  }

  const list = (counts: number[], kind: OverlapKind): OverlapPairs => {
    const total = counts.reduce((n, c) => n + c, 0) / 2;
    const listed: Array<[number, number]> = [];
    // Each rule visited has a partner; one before it was listed already, so at most 2 × maxListed visits.
    for (const i of valid) {
      if (listed.length >= maxListed) break;
      if (counts[i] === 0) continue;
      for (let j = i + 1; j < rules.length && listed.length < maxListed; j++) {
        if (target[j] !== target[i] && overlapOf(rules[i].shape, rules[j].shape) === kind) listed.push([i, j]);
      }
    }
    return { listed, total };
  };
  return { "same-claim": list(same, "same-claim"), "different-claims": list(different, "different-claims") };
}

/**
 * For each rule of one claim, how many others of `members` one token can match with it. Exact values meet when
 * equal, a prefix meets the values (and prefixes) that start with it, `co` meets every prefix and `co`, and the
 * exact values that contain it — as {@link overlapOf} says.
 */
function sameClaimCounts(members: readonly number[], rules: readonly OverlapInput[]): Map<number, number> {
  const counts = new Map<number, number>(members.map((i) => [i, 0]));
  const exact = members.filter((i) => rules[i].shape.operator === "eq" && !rules[i].shape.prefix);
  const prefixes = members.filter((i) => rules[i].shape.prefix);
  const contains = members.filter((i) => rules[i].shape.operator === "co");
  const value = (i: number) => rules[i].shape.value;
  const add = (i: number, n: number) => counts.set(i, counts.get(i)! + n);

  const e = distinct(exact, value);
  const p = distinct(prefixes, value);
  const c = distinct(contains, value);

  // co with co and with every prefix.
  for (const i of contains) add(i, contains.length - 1 + prefixes.length);
  for (const i of prefixes) add(i, contains.length);
  // co with exact values that contain it: distinct values once each.
  const eByC = new Map<string, number>();
  const cByE = new Map<string, number>();
  for (const [cv, cn] of c.count) {
    for (const [ev, en] of e.count) {
      if (!ev.includes(cv)) continue;
      eByC.set(cv, (eByC.get(cv) ?? 0) + en);
      cByE.set(ev, (cByE.get(ev) ?? 0) + cn);
    }
  }
  for (const i of contains) add(i, eByC.get(value(i)) ?? 0);
  // Exact values: equal ones, the prefixes they start with, the co values they contain.
  const eCover = coverage(e.sorted, e.count, p.count);
  for (const i of exact) add(i, e.count.get(value(i))! - 1 + eCover.covered(value(i)) + (cByE.get(value(i)) ?? 0));
  // Prefixes: the exact values and the prefixes that start with them, and the prefixes they start with.
  const pCover = coverage(p.sorted, p.count, p.count);
  for (const i of prefixes) {
    const v = value(i);
    const own = p.count.get(v)!;
    add(i, eCover.under(v) + (pCover.under(v) - own) + (own - 1) + (pCover.covered(v) - own));
  }
  return counts;
}

/** Distinct values, sorted by UTF-16 code units (the order `startsWith` ranges follow), with their counts. */
function distinct(members: readonly number[], value: (i: number) => string) {
  const count = new Map<string, number>();
  for (const i of members) count.set(value(i), (count.get(value(i)) ?? 0) + 1);
  return { count, sorted: [...count.keys()].sort() };
}

/**
 * Over sorted distinct `values` (with `counts`): `under(p)`, how many values start with `p`; `covered(v)`, for a
 * value of the list, how many of `prefixes` (with their counts) it starts with, itself included when it is one.
 */
function coverage(
  values: readonly string[],
  counts: ReadonlyMap<string, number>,
  prefixes: ReadonlyMap<string, number>,
): { under(p: string): number; covered(v: string): number } {
  const sums = [0];
  for (const v of values) sums.push(sums[sums.length - 1] + counts.get(v)!);
  const range = (p: string): [number, number] => {
    const lo = firstIndex(values, (v) => v >= p);
    const hi = firstIndex(values, (v) => !v.startsWith(p), lo);
    return [lo, hi];
  };
  const diff = new Array<number>(values.length + 1).fill(0);
  for (const [p, n] of prefixes) {
    const [lo, hi] = range(p);
    diff[lo] += n;
    diff[hi] -= n;
  }
  const position = new Map<string, number>();
  let running = 0;
  values.forEach((v, k) => {
    running += diff[k];
    position.set(v, running);
  });
  return {
    under: (p) => {
      const [lo, hi] = range(p);
      return sums[hi] - sums[lo];
    },
    covered: (v) => position.get(v) ?? 0,
  };
}

/** The first index from `from` where `test` holds, for a test that holds from some index on. */
function firstIndex(values: readonly string[], test: (v: string) => boolean, from = 0): number {
  let [lo, hi] = [from, values.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(values[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function groupBy<K>(items: readonly number[], key: (i: number) => K): Map<K, number[]> {
  const out = new Map<K, number[]>();
  for (const i of items) {
    const k = key(i);
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}
