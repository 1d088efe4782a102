import { describe, expect, it } from 'vitest';
import {
  calibrate,
  fitIsotonic,
  fitPlatt,
  rawLogit,
  rawThreshold,
  reliabilityBins,
  type CalibrationMap,
  type LabelledScore,
} from './calibration.ts';
import { CALIBRATION_MAP } from './calibration-map.ts';
import { rng } from '../core/random.ts';

const map = (a: number, b: number): CalibrationMap => ({ ...CALIBRATION_MAP, a, b });

/** Labelled scores drawn from a known map: raw uniform in (0.3, 1), label with its probability. */
function drawn(a: number, b: number, n: number): LabelledScore[] {
  const rand = rng(7);
  return Array.from({ length: n }, () => {
    const raw = 0.3 + 0.7 * rand();
    return { raw, label: rand() < calibrate(raw, map(a, b)) };
  });
}

describe('calibration', () => {
  it('is monotone, keeps 0, and its raw threshold is the same cut', () => {
    let last = 0;
    for (let r = 0.01; r <= 1; r += 0.01) {
      const p = calibrate(r);
      expect(p).toBeGreaterThanOrEqual(last);
      last = p;
    }
    expect(calibrate(0)).toBe(0);
    for (const t of [0.05, 0.125, 0.5, 0.9]) expect(calibrate(rawThreshold(t))).toBeCloseTo(t, 9);
    expect(rawThreshold(0)).toBe(0);
    expect(rawThreshold(1)).toBe(Infinity);
  });

  it('fits the two parameters back by maximum likelihood', () => {
    const { a, b } = fitPlatt(drawn(2, -4, 20_000));
    expect(a).toBeCloseTo(2, 0);
    expect(b).toBeCloseTo(-4, 0);
    // A fitted map's bins hold about as many true hits as their mean score says.
    const samples = drawn(2, -4, 20_000);
    const bins = reliabilityBins(
      samples.map((s) => ({ score: calibrate(s.raw, map(a, b)), label: s.label })),
      [0, 0.2, 0.4, 0.6, 0.8, 1],
    );
    for (const bin of bins.filter((x) => x.hits > 500))
      expect(Math.abs(bin.true / bin.hits - bin.meanScore)).toBeLessThan(0.05);
  });

  it('does not run off to infinity on separable labels', () => {
    const { a, b } = fitPlatt([
      { raw: 0.5, label: false },
      { raw: 0.6, label: false },
      { raw: 0.9, label: true },
      { raw: 1, label: true },
    ]);
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
    expect(calibrate(1, map(a, b))).toBeLessThan(1);
  });

  it('pools adjacent violators into a non-decreasing step function', () => {
    const steps = fitIsotonic([
      { raw: 0.1, label: false },
      { raw: 0.2, label: true },
      { raw: 0.3, label: false },
      { raw: 0.4, label: true },
    ]);
    expect(steps.map(([, p]) => p)).toEqual([0, 0.5, 1]);
    expect(steps.map(([, , n]) => n)).toEqual([1, 2, 1]);
  });

  it('reads raw scores within bounds (the logit of 1 is infinite)', () => {
    expect(Number.isFinite(rawLogit(1))).toBe(true);
    expect(calibrate(1)).toBe(calibrate(0.999));
  });
});
