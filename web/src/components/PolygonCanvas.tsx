import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Polygon, Position } from '../api/types';
import {
  boundsAround, boundsOf, centroid, DEFAULT_CENTER, fitProjection, niceScale, ringOf, type Bounds,
} from '../lib/geo';

export interface ContextShape { id: string; name: string; polygon: Polygon | null }

/** Measures the element so the SVG is drawn at its real pixel size (labels stay readable on phones). */
function useWidth(ref: React.RefObject<HTMLElement | null>, fallback: number) {
  const [w, setW] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([e]) => { const cw = Math.round(e!.contentRect.width); if (cw > 0) setW(cw); });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return w;
}

/**
 * A small "map canvas": the grid's polygon drawn in SVG with an equirectangular projection fitted
 * to the bounds, the community's other grids drawn faintly around it, a scale bar and a north
 * arrow. No tiles: a street's server often has no internet, and the shape is what matters here.
 * With `points`/`onAddPoint` it becomes an editor: each click adds a vertex.
 */
export function PolygonCanvas(props: {
  polygon?: Polygon | null;
  label?: string;
  context?: ContextShape[];
  /** Shapes inside this one (a grid's microgrids / buildings), drawn as dotted outlines. */
  inner?: ContextShape[];
  points?: Position[];
  onAddPoint?: (p: Position) => void;
  height?: number;
  testId?: string;
  /** Extra area to keep in view (e.g. the parent's extent while drawing a new grid). */
  fitTo?: Bounds | null;
  /**
   * While editing, the frame is fitted to these points (not to `points`): the map must not
   * move or rescale under the pointer as vertices are added.
   */
  fitPoints?: Position[];
}) {
  const { t } = useTranslation();
  const svgRef = useRef<SVGSVGElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const W = Math.max(260, useWidth(boxRef, 600));
  // 3:2 on wide screens, squarer on phones where the width is scarce
  const h = Math.round(props.height ? (W * props.height) / 600 : W < 480 ? W * 0.85 : W * (2 / 3));
  const main = ringOf(props.polygon);
  const ctx = useMemo(() => (props.context ?? []).map((c) => ({ ...c, ring: ringOf(c.polygon) })).filter((c) => c.ring.length > 2), [props.context]);
  const inner = useMemo(() => (props.inner ?? []).map((c) => ({ ...c, ring: ringOf(c.polygon) })).filter((c) => c.ring.length > 2), [props.inner]);
  const editing = !!props.onAddPoint;
  const pts = props.points ?? [];

  // Fit to the main shape (with its neighbours if there are only a few); while editing keep the
  // whole neighbourhood in view so the new grid can be placed beside the others.
  const proj = useMemo(() => {
    const rings: Position[][] = [];
    if (main.length) rings.push(main);
    const framePts = editing ? props.fitPoints ?? [] : pts;
    if (framePts.length) rings.push(framePts);
    if (editing || !main.length) ctx.forEach((c) => rings.push(c.ring));
    let b = boundsOf(rings);
    if (props.fitTo) b = boundsOf([...(b ? [[[b.minLon, b.minLat], [b.maxLon, b.maxLat]] as Position[]] : []), [[props.fitTo.minLon, props.fitTo.minLat], [props.fitTo.maxLon, props.fitTo.maxLat]]]);
    if (!b) b = boundsAround(DEFAULT_CENTER);
    else if (editing) {
      // room around the existing shapes to draw in
      const padLon = Math.max((b.maxLon - b.minLon) * 0.25, 0.001);
      const padLat = Math.max((b.maxLat - b.minLat) * 0.25, 0.001);
      b = { minLon: b.minLon - padLon, maxLon: b.maxLon + padLon, minLat: b.minLat - padLat, maxLat: b.maxLat + padLat };
    } else if (main.length) {
      // Show the whole neighbourhood when it is compact (a community's grids), else zoom to
      // the shape with a margin in which the nearest neighbours show.
      const all = boundsOf([main, ...ctx.map((c) => c.ring)])!;
      const compact = all.maxLon - all.minLon <= 4 * (b.maxLon - b.minLon) && all.maxLat - all.minLat <= 4 * (b.maxLat - b.minLat);
      const base = compact ? all : b;
      const f = compact ? 0.06 : 0.35;
      const padLon = (base.maxLon - base.minLon) * f;
      const padLat = (base.maxLat - base.minLat) * f;
      b = { minLon: base.minLon - padLon, maxLon: base.maxLon + padLon, minLat: base.minLat - padLat, maxLat: base.maxLat + padLat };
    }
    return fitProjection(b, W, h, 20);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(main), JSON.stringify(ctx.map((c) => c.ring)), editing, JSON.stringify(editing ? props.fitPoints ?? [] : pts), props.fitTo, W, h]);

  const path = (ring: Position[], close = true) =>
    ring.map((p, i) => `${i ? 'L' : 'M'}${proj.toXY(p).map((v) => v.toFixed(1)).join(',')}`).join(' ') + (close ? ' Z' : '');
  const scale = niceScale(proj.metersPerPx, 110);
  const mainC = centroid(main);

  const onClick = (e: React.MouseEvent<SVGSVGElement>) => {
    if (!props.onAddPoint || !svgRef.current) return;
    const r = svgRef.current.getBoundingClientRect();
    const x = ((e.clientX - r.left) * W) / r.width;
    const y = ((e.clientY - r.top) * h) / r.height;
    props.onAddPoint(proj.toLonLat(x, y));
  };

  return (
    <div ref={boxRef} style={{ width: '100%' }}>
    <svg
      ref={svgRef}
      data-testid={props.testId ?? 'polygon-canvas'}
      data-has-polygon={main.length > 2 ? 'true' : 'false'}
      viewBox={`0 0 ${W} ${h}`}
      role="img"
      aria-label={props.label ?? t('org.boundary')}
      onClick={onClick}
      style={{ width: '100%', height: 'auto', display: 'block', background: '#f4f7f2', borderRadius: 8, border: '1px solid #e5e7eb', cursor: editing ? 'crosshair' : 'default', touchAction: 'manipulation' }}
    >
      <defs>
        <pattern id="rz-grid" width="40" height="40" patternUnits="userSpaceOnUse">
          <path d="M40 0H0V40" fill="none" stroke="#e3e8e0" strokeWidth="1" />
        </pattern>
      </defs>
      <rect width={W} height={h} fill="url(#rz-grid)" />
      {ctx.map((c) => {
        const cc = centroid(c.ring);
        const xy = cc ? proj.toXY(cc) : null;
        return (
          <g key={c.id} data-testid="context-polygon">
            <path d={path(c.ring)} fill="#94a3b8" fillOpacity={0.12} stroke="#94a3b8" strokeWidth={1} strokeDasharray="4 3" />
            {xy && <text x={xy[0]} y={xy[1]} textAnchor="middle" fontSize={12} fill="#64748b">{c.name}</text>}
          </g>
        );
      })}
      {main.length > 2 && (
        <g data-testid="main-polygon">
          <path d={path(main)} fill="#b7202e" fillOpacity={0.18} stroke="#b7202e" strokeWidth={2.5} strokeLinejoin="round" />
          {mainC && props.label && (
            <text x={proj.toXY(mainC)[0]} y={proj.toXY(mainC)[1]} textAnchor="middle" fontSize={16} fontWeight={600} fill="#7f1d1d" stroke="#fff" strokeWidth={3} paintOrder="stroke">{props.label}</text>
          )}
        </g>
      )}
      {inner.map((c) => (
        <path key={c.id} data-testid="inner-polygon" d={path(c.ring)} fill="#1677ff" fillOpacity={0.08} stroke="#1677ff" strokeWidth={1} strokeDasharray="2 2">
          <title>{c.name}</title>
        </path>
      ))}
      {editing && pts.length > 0 && (
        <g data-testid="draft-polygon">
          <path d={path(pts, pts.length > 2)} fill="#1677ff" fillOpacity={pts.length > 2 ? 0.15 : 0} stroke="#1677ff" strokeWidth={2} />
          {pts.map((p, i) => {
            const [x, y] = proj.toXY(p);
            return <circle key={i} cx={x} cy={y} r={5} fill={i === 0 ? '#1677ff' : '#fff'} stroke="#1677ff" strokeWidth={2} />;
          })}
        </g>
      )}
      {!editing && main.length < 3 && (
        ctx.length
          ? <text x={12} y={22} fontSize={13} fill="#94a3b8">{t('org.noBoundary')}</text>
          : <text x={W / 2} y={h / 2} textAnchor="middle" fontSize={16} fill="#94a3b8">{t('org.noBoundary')}</text>
      )}
      {/* north arrow */}
      <g transform={`translate(${W - 34},18)`} aria-hidden>
        <path d="M10 0 L18 24 L10 18 L2 24 Z" fill="#334155" />
        <text x={10} y={40} textAnchor="middle" fontSize={13} fill="#334155" fontWeight={600}>{t('org.north')}</text>
      </g>
      {/* scale bar */}
      <g transform={`translate(16,${h - 18})`} aria-hidden>
        <rect x={-6} y={-20} width={scale.px + 52} height={28} rx={4} fill="#fff" fillOpacity={0.8} />
        <path d={`M0 -6 V0 H${scale.px.toFixed(1)} V-6`} fill="none" stroke="#334155" strokeWidth={2} />
        <text x={scale.px + 6} y={0} fontSize={12} fill="#334155">{scale.label}</text>
      </g>
    </svg>
    </div>
  );
}
