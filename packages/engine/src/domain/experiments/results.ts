import type { Experiment, VariantCounts } from './experiments-service.js';
import { chiSquareGoodnessOfFit, probabilityToBeatControl, twoProportionPValue } from './stats.js';
import { round } from '../analytics/period-summary.js';

/** Below this p-value the observed split is flagged as a sample ratio mismatch (the usual 0.001 cut-off). */
export const SRM_P_THRESHOLD = 0.001;
export const SIGNIFICANCE_LEVEL = 0.05;
/** `experiment_no_conversions` is raised once an experiment has run this long without a goal conversion. */
export const NO_CONVERSIONS_AFTER_MS = 48 * 3_600_000;

export interface VariantResult {
  variant: string;
  is_control: boolean;
  weight: number;
  exposures: number;
  conversions: number;
  conversion_rate: number;
  lift: number | null;
  p_value: number | null;
  significant: boolean;
  probability_to_beat_control: number | null;
}

export interface ExperimentFlag {
  code: 'experiment_no_conversions' | 'sample_ratio_mismatch';
  message: string;
}

export interface ExperimentResults {
  variants: VariantResult[];
  total_exposures: number;
  total_conversions: number;
  sample_ratio_mismatch: { detected: boolean; p_value: number | null; chi_square: number | null };
  leader: string | null;
}

/** Rates, lifts and p-values are reported to six decimals. */
const STAT_DIGITS = 6;

/** Live results: the first variant is the control; every other one is compared to it. */
export function computeResults(experiment: Experiment, counts: Map<string, VariantCounts>): ExperimentResults {
  const control = experiment.variants[0]!;
  const base = counts.get(control.name) ?? { exposures: 0, conversions: 0 };
  const baseRate = base.exposures === 0 ? 0 : base.conversions / base.exposures;
  const variants = experiment.variants.map((variant): VariantResult => {
    const own = counts.get(variant.name) ?? { exposures: 0, conversions: 0 };
    const rate = own.exposures === 0 ? 0 : own.conversions / own.exposures;
    const isControl = variant.name === control.name;
    const pValue = isControl ? null : twoProportionPValue(base.conversions, base.exposures, own.conversions, own.exposures);
    return {
      variant: variant.name,
      is_control: isControl,
      weight: variant.weight,
      exposures: own.exposures,
      conversions: own.conversions,
      conversion_rate: round(rate, STAT_DIGITS),
      lift: isControl || baseRate === 0 || own.exposures === 0 ? null : round((rate - baseRate) / baseRate, STAT_DIGITS),
      p_value: pValue === null ? null : round(pValue, STAT_DIGITS),
      significant: pValue !== null && pValue < SIGNIFICANCE_LEVEL,
      probability_to_beat_control:
        isControl || own.exposures === 0 || base.exposures === 0
          ? null
          : round(probabilityToBeatControl(base.conversions, base.exposures, own.conversions, own.exposures), 4),
    };
  });
  const srm = chiSquareGoodnessOfFit(
    variants.map((variant) => variant.exposures),
    experiment.variants.map((variant) => variant.weight),
  );
  const totalConversions = variants.reduce((sum, variant) => sum + variant.conversions, 0);
  const best = [...variants].sort((a, b) => b.conversion_rate - a.conversion_rate)[0];
  return {
    variants,
    total_exposures: variants.reduce((sum, variant) => sum + variant.exposures, 0),
    total_conversions: totalConversions,
    sample_ratio_mismatch: {
      detected: srm !== null && srm.pValue < SRM_P_THRESHOLD,
      p_value: srm === null ? null : round(srm.pValue, STAT_DIGITS),
      chi_square: srm === null ? null : round(srm.chiSquare, 4),
    },
    leader: totalConversions === 0 || !best ? null : best.variant,
  };
}

/** Anomaly flags an agent should surface: no goal conversions after 48 h; a sample ratio mismatch. */
export function experimentFlags(experiment: Experiment, results: ExperimentResults, now: number): ExperimentFlag[] {
  const flags: ExperimentFlag[] = [];
  const ageMs = now - experiment.createdAt;
  if (ageMs >= NO_CONVERSIONS_AFTER_MS && results.total_conversions === 0) {
    flags.push({
      code: 'experiment_no_conversions',
      message:
        `No variant has a '${experiment.goalEvent}' conversion after ${Math.floor(ageMs / 3_600_000)} h: the goal_event is ` +
        'likely misconfigured (check its exact name with GET /properties) or conversions do not carry the user id.',
    });
  }
  if (results.sample_ratio_mismatch.detected) {
    flags.push({
      code: 'sample_ratio_mismatch',
      message:
        `Exposures do not match the traffic split (chi-square p = ${results.sample_ratio_mismatch.p_value}): check assignment ` +
        'and exposure tracking before trusting the results.',
    });
  }
  return flags;
}
