import type { Polygon, Position } from '../api/types';

export interface Bounds { minLon: number; minLat: number; maxLon: number; maxLat: number }

export function ringOf(p: Polygon | null | undefined): Position[] {
  const ring = p?.coordinates?.[0];
  return Array.isArray(ring) ? ring.filter((c) => Array.isArray(c) && Number.isFinite(c[0]) && Number.isFinite(c[1])) : [];
}

export function boundsOf(rings: Position[][]): Bounds | null {
  let b: Bounds | null = null;
  for (const ring of rings) {
    for (const [lon, lat] of ring) {
      if (!b) b = { minLon: lon, minLat: lat, maxLon: lon, maxLat: lat };
      else {
        b.minLon = Math.min(b.minLon, lon); b.maxLon = Math.max(b.maxLon, lon);
        b.minLat = Math.min(b.minLat, lat); b.maxLat = Math.max(b.maxLat, lat);
      }
    }
  }
  return b;
}

/** 下朱庄街道 (Wuqing, Tianjin) — where the map opens when nothing has a boundary yet. */
export const DEFAULT_CENTER: Position = [117.05, 39.38];

export function boundsAround([lon, lat]: Position, halfDeg = 0.005): Bounds {
  return { minLon: lon - halfDeg, maxLon: lon + halfDeg, minLat: lat - halfDeg, maxLat: lat + halfDeg };
}

/**
 * Equirectangular projection fitted to the bounds: x is scaled by cos(latitude) so that
 * a street-sized area keeps its shape; at this scale the error against Web Mercator is nil.
 */
export interface Projection {
  toXY(p: Position): [number, number];
  toLonLat(x: number, y: number): Position;
  /** metres per pixel, for the scale bar */
  metersPerPx: number;
}

export function fitProjection(b: Bounds, width: number, height: number, pad = 24): Projection {
  // Give degenerate bounds (one point, a line) some size so the scale stays finite.
  const spanLon = Math.max(b.maxLon - b.minLon, 0.0005);
  const spanLat = Math.max(b.maxLat - b.minLat, 0.0005);
  const cLon = (b.minLon + b.maxLon) / 2;
  const cLat = (b.minLat + b.maxLat) / 2;
  const k = Math.cos((cLat * Math.PI) / 180);
  const scale = Math.min((width - 2 * pad) / (spanLon * k), (height - 2 * pad) / spanLat);
  return {
    toXY: ([lon, lat]) => [width / 2 + (lon - cLon) * k * scale, height / 2 - (lat - cLat) * scale],
    toLonLat: (x, y) => [round6(cLon + (x - width / 2) / (k * scale)), round6(cLat - (y - height / 2) / scale)],
    metersPerPx: 111_320 / scale,
  };
}

function round6(n: number) {
  return Math.round(n * 1e6) / 1e6;
}

/** A "nice" scale bar length (1, 2, 5 × 10^n metres) close to the target pixel width. */
export function niceScale(metersPerPx: number, targetPx = 100): { meters: number; px: number; label: string } {
  const raw = metersPerPx * targetPx;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = [1, 2, 5, 10].map((f) => f * pow).reduce((best, v) => (Math.abs(v - raw) < Math.abs(best - raw) ? v : best));
  return { meters: m, px: m / metersPerPx, label: m >= 1000 ? `${m / 1000} km` : `${m} m` };
}

/** Closes the ring (GeoJSON wants first == last) and wraps it as a Polygon. */
export function polygonFromPoints(points: Position[]): Polygon | null {
  if (points.length < 3) return null;
  const ring = [...points];
  const [f, l] = [ring[0]!, ring[ring.length - 1]!];
  if (f[0] !== l[0] || f[1] !== l[1]) ring.push([f[0], f[1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** The open ring (without the closing point), for editing. */
export function pointsFromPolygon(p: Polygon | null | undefined): Position[] {
  const ring = ringOf(p);
  if (ring.length > 1) {
    const [f, l] = [ring[0]!, ring[ring.length - 1]!];
    if (f[0] === l[0] && f[1] === l[1]) return ring.slice(0, -1);
  }
  return ring;
}

/** Accepts a Polygon, a Feature of one, or a FeatureCollection's first polygon. */
export function parsePolygon(text: string): Polygon | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  const o = v as { type?: string; geometry?: unknown; features?: unknown[]; coordinates?: unknown };
  if (o?.type === 'Feature') return parsePolygon(JSON.stringify(o.geometry));
  if (o?.type === 'FeatureCollection' && Array.isArray(o.features) && o.features.length) return parsePolygon(JSON.stringify(o.features[0]));
  if (o?.type !== 'Polygon' || !Array.isArray(o.coordinates)) return null;
  const ring = (o.coordinates as unknown[])[0];
  if (!Array.isArray(ring)) return null;
  const pts: Position[] = [];
  for (const c of ring) {
    if (!Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number') return null;
    if (Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) return null;
    pts.push([c[0], c[1]]);
  }
  return polygonFromPoints(pointsFromPolygon({ type: 'Polygon', coordinates: [pts] }));
}

export function centroid(ring: Position[]): Position | null {
  if (!ring.length) return null;
  let x = 0, y = 0;
  for (const [a, b] of ring) { x += a; y += b; }
  return [x / ring.length, y / ring.length];
}
