import { isAncestor, type LabelHierarchy } from '../classifier/label-hierarchy.js';

// ml.md §5.8 informative labels and the coverage contributors of a label group.

/** Informative-label analysis of a group's reviewed comments. */
export type InformativeLabels = {
  readonly informative: Uint8Array;
  readonly container: Uint8Array;
  readonly modifier: Uint8Array;
  /** The safeguard dropped the modifier rule (informative labels covered < 50 % of labelled comments). */
  readonly modifierRuleDropped: boolean;
  readonly hasUninformative: boolean;
};

const CONTAINER_SHARE = 0.95;
const MODIFIER_MIN_POSITIVES = 20;
const MODIFIER_ALONE_SHARE = 0.05;
const SAFEGUARD_COVER = 0.5;

/**
 * ml.md §5.8: container parents (a descendant is also assigned in ≥ 95 % of their positives) and modifiers
 * (`n_j ≥ 20`, alone in < 5 % of their positives) are uninformative. Inputs are label-major over the
 * group's reviewed comments: explicit assignments and targets (§3.1).
 */
export function findInformativeLabels(input: {
  readonly hierarchy: LabelHierarchy;
  readonly assigned: Uint8Array;
  readonly targets: Uint8Array;
  readonly rows: number;
}): InformativeLabels {
  const { hierarchy, assigned, targets, rows } = input;
  const labelCount = hierarchy.labels.length;
  const container = new Uint8Array(labelCount);
  const modifier = new Uint8Array(labelCount);
  const assignedOnRow: number[][] = Array.from({ length: rows }, () => []);
  for (let label = 0; label < labelCount; label += 1) {
    for (let row = 0; row < rows; row += 1) {
      if (assigned[label * rows + row] === 1) {
        assignedOnRow[row]!.push(label);
      }
    }
  }
  for (let label = 0; label < labelCount; label += 1) {
    let positives = 0;
    let withDescendant = 0;
    let alone = 0;
    for (let row = 0; row < rows; row += 1) {
      if (targets[label * rows + row] !== 1) {
        continue;
      }
      positives += 1;
      const others = assignedOnRow[row]!;
      if (others.some((other) => isAncestor(hierarchy, label, other))) {
        withDescendant += 1;
      }
      const related = (other: number): boolean =>
        other === label ||
        isAncestor(hierarchy, other, label) ||
        isAncestor(hierarchy, label, other);
      if (others.every(related)) {
        alone += 1;
      }
    }
    if (positives > 0 && withDescendant / positives >= CONTAINER_SHARE) {
      container[label] = 1;
    }
    if (positives >= MODIFIER_MIN_POSITIVES && alone / positives < MODIFIER_ALONE_SHARE) {
      modifier[label] = 1;
    }
  }
  const informativeWith = (useModifiers: boolean): Uint8Array =>
    Uint8Array.from({ length: labelCount }, (_, label) =>
      container[label] === 1 || (useModifiers && modifier[label] === 1) ? 0 : 1,
    );
  let informative = informativeWith(true);
  let labelled = 0;
  let covered = 0;
  for (let row = 0; row < rows; row += 1) {
    let any = false;
    let informativeHit = false;
    for (let label = 0; label < labelCount; label += 1) {
      if (targets[label * rows + row] === 1) {
        any = true;
        informativeHit ||= informative[label] === 1;
      }
    }
    labelled += any ? 1 : 0;
    covered += informativeHit ? 1 : 0;
  }
  const modifierRuleDropped = labelled > 0 && covered / labelled < SAFEGUARD_COVER;
  if (modifierRuleDropped) {
    informative = informativeWith(false);
  }
  return {
    informative,
    container,
    modifier,
    modifierRuleDropped,
    hasUninformative: informative.some((flag) => flag === 0),
  };
}

/** ml.md §5.8 coverage contributors (names as api.md factor contributors). */
export type CoverageContributors = {
  readonly coverage: number;
  readonly labelOnlyCoverage: number;
  readonly pAnyLabel: number;
  readonly expectedNumLabels: number;
  readonly pUninformative: number;
  /** Coverage ratio `ρ = min(1, coverage / max(0.05, 1 − p_uninformative))`. */
  readonly ratio: number;
};

/** Share of reviewed comments with no informative label positive (including unlabelled ones). */
export function uninformativeShare(
  targets: Uint8Array,
  informative: Uint8Array,
  rows: number,
): number {
  if (rows === 0) {
    return 0;
  }
  let without = 0;
  for (let row = 0; row < rows; row += 1) {
    let hit = false;
    for (let label = 0; label < informative.length && !hit; label += 1) {
      hit = informative[label] === 1 && targets[label * rows + row] === 1;
    }
    without += hit ? 0 : 1;
  }
  return without / rows;
}

/**
 * ml.md §5.8 contributors over the comments `D` (label-major probabilities of every group label, NaN for
 * labels without predictions) with each label's threshold `τ_j`.
 */
export function coverageContributors(input: {
  readonly hierarchy: LabelHierarchy;
  readonly probabilities: Float64Array;
  readonly rows: number;
  readonly thresholds: ArrayLike<number>;
  readonly informative: Uint8Array;
  readonly pUninformative: number;
}): CoverageContributors {
  const { hierarchy, probabilities, rows, thresholds, informative } = input;
  const labelCount = hierarchy.labels.length;
  let covered = 0;
  let labelCovered = 0;
  let anyLabel = 0;
  let expected = 0;
  for (let row = 0; row < rows; row += 1) {
    let informativeHit = false;
    let anyHit = false;
    let noneProbability = 1;
    for (let label = 0; label < labelCount; label += 1) {
      const probability = probabilities[label * rows + row]!;
      if (Number.isNaN(probability)) {
        continue;
      }
      const reached = probability >= thresholds[label]!;
      anyHit ||= reached;
      if (informative[label] === 1) {
        informativeHit ||= reached;
        noneProbability *= 1 - probability;
      }
      if (hierarchy.hasChildren[label] === 0) {
        expected += probability;
      }
    }
    covered += informativeHit ? 1 : 0;
    labelCovered += anyHit ? 1 : 0;
    anyLabel += 1 - noneProbability;
  }
  const share = (value: number): number => (rows === 0 ? 0 : value / rows);
  const coverage = share(covered);
  return {
    coverage,
    labelOnlyCoverage: share(labelCovered),
    pAnyLabel: share(anyLabel),
    expectedNumLabels: share(expected),
    pUninformative: input.pUninformative,
    ratio: Math.min(1, coverage / Math.max(0.05, 1 - input.pUninformative)),
  };
}
