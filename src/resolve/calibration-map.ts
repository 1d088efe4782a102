import type { CalibrationMap } from './calibration.ts';

/**
 * The calibration map in use (see calibration.ts). Written by
 * `npx tsx src/resolve/eval/calibrate.ts --set DIR --write`; edit by refitting, not by hand.
 */
export const CALIBRATION_MAP: CalibrationMap = {
  method: 'platt-logit',
  a: 1.835,
  b: -3.937,
  fitted_on: 'screening-dev: hits of raw score >= 0.5',
  hits: 343,
  true_hits: 169,
};
