import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeRates, DEFAULT_CONFIG, emptyCounts, FIGURE_CODES, type Counts } from './definitions.js';

const counts = (c: Partial<Counts>): Counts => ({ ...emptyCounts(), ...c });

describe('indicator formulas', () => {
  it('computes the rates of a known set of figures', () => {
    const r = computeRates(counts({
      received: 8, accepted: 5, deferred: 1, close_base: 4, closed: 3, closed_on_time: 2, responded_on_time: 3,
      called_back: 3, resolved: 2, rated: 3, satisfied: 1, basically_satisfied: 1, unsatisfied: 1,
      handled: 3, reworked: 1, delayed: 2, signed: 4,
    }), { sign_hours: 13, close_hours: 168 });
    expect(r).toEqual({
      response_rate: 0.6, resolution_rate: 0.6667, satisfaction_rate: 0.6, score: 63,
      close_rate: 0.75, on_time_close_rate: 0.5, rework_rate: 0.3333, delay_rate: 0.4,
      avg_sign_hours: 3.25, avg_close_hours: 56,
    });
  });

  it('结案率 = 结案数 / (应结案数 − 缓办数)', () => {
    // 10 to close, 2 deferred, 6 closed → 6 / 8
    expect(computeRates(counts({ accepted: 10, deferred: 2, close_base: 8, closed: 6 }), { sign_hours: 0, close_hours: 0 }).close_rate).toBe(0.75);
  });

  it('a rate without a denominator is null, and the score weighs only the rates with data', () => {
    const r = computeRates(counts({ accepted: 4, responded_on_time: 2 }), { sign_hours: 0, close_hours: 0 });
    expect(r.resolution_rate).toBeNull();
    expect(r.satisfaction_rate).toBeNull();
    expect(r.response_rate).toBe(0.5);
    expect(r.score).toBe(50); // only the response rate has data: its weight becomes 1
    expect(computeRates(emptyCounts(), { sign_hours: 0, close_hours: 0 }).score).toBeNull();
  });

  it('uses the configured weights and callback scores', () => {
    const c = counts({ accepted: 1, responded_on_time: 1, called_back: 1, resolved: 0, rated: 2, satisfied: 1, basically_satisfied: 1 });
    const r = computeRates(c, { sign_hours: 0, close_hours: 0 }, {
      weights: { response: 0, resolution: 1, satisfaction: 1 }, scores: { satisfied: 1, basically_satisfied: 0.5, unsatisfied: 0 },
    });
    expect(r.satisfaction_rate).toBe(0.75);
    expect(r.score).toBe(37.5); // (0 × 1 + 0.75 × 1) / 2
  });

  it('every rate lies in [0, 1] and the score in [0, 100] for any consistent figures', () => {
    const arb = fc.record({
      accepted: fc.nat(1000), a: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }),
      sat: fc.nat(300), basic: fc.nat(300), unsat: fc.nat(300), cb: fc.nat(1000), res: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(fc.property(arb, (x) => {
      const deferred = Math.floor(x.accepted * x.a * 0.5);
      const closeBase = x.accepted - deferred;
      const closed = Math.floor(closeBase * x.b);
      const c = counts({
        accepted: x.accepted, deferred, close_base: closeBase, closed, closed_on_time: Math.floor(closed * x.a),
        responded_on_time: Math.floor(x.accepted * x.b), called_back: x.cb, resolved: Math.floor(x.cb * x.res),
        rated: x.sat + x.basic + x.unsat, satisfied: x.sat, basically_satisfied: x.basic, unsatisfied: x.unsat,
        handled: closed, reworked: Math.floor(closed * x.res), delayed: deferred,
      });
      const r = computeRates(c, { sign_hours: 0, close_hours: 0 }, DEFAULT_CONFIG);
      for (const k of ['response_rate', 'resolution_rate', 'satisfaction_rate', 'close_rate', 'on_time_close_rate', 'rework_rate', 'delay_rate'] as const) {
        const v = r[k];
        if (v !== null && (v < 0 || v > 1)) return false;
      }
      return r.score === null || (r.score >= 0 && r.score <= 100);
    }));
  });

  it('names every figure once', () => {
    expect(new Set(FIGURE_CODES).size).toBe(FIGURE_CODES.length);
  });
});
