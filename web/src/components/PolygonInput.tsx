import { Button, Input, Space, Tabs, Typography } from 'antd';
import { UndoOutlined, ClearOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Polygon, Position } from '../api/types';
import { parsePolygon, pointsFromPolygon, polygonFromPoints, type Bounds } from '../lib/geo';
import { PolygonCanvas, type ContextShape } from './PolygonCanvas';

/**
 * Form control for a grid boundary: click vertices on the map canvas, or paste GeoJSON.
 * Value is a GeoJSON Polygon (ring closed) or null while fewer than three points exist.
 */
export function PolygonInput({ value, onChange, context, fitTo, testId = 'polygon-input' }: {
  value?: Polygon | null;
  onChange?: (p: Polygon | null) => void;
  context?: ContextShape[];
  fitTo?: Bounds | null;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [points, setPoints] = useState<Position[]>(() => pointsFromPolygon(value));
  // The map frame follows pasted or loaded shapes, never the clicks themselves.
  const [framePoints, setFramePoints] = useState<Position[]>(() => pointsFromPolygon(value));
  const [text, setText] = useState(() => (value ? JSON.stringify(value) : ''));
  const [textError, setTextError] = useState(false);

  // Keep the editor in step when the form is reset or filled from outside.
  useEffect(() => {
    const cur = polygonFromPoints(points);
    if (JSON.stringify(cur) !== JSON.stringify(value ?? null)) {
      setPoints(pointsFromPolygon(value));
      setFramePoints(pointsFromPolygon(value));
      setText(value ? JSON.stringify(value) : '');
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  const update = (next: Position[]) => {
    setPoints(next);
    const poly = polygonFromPoints(next);
    setText(poly ? JSON.stringify(poly) : '');
    onChange?.(poly);
  };

  return (
    <div data-testid={testId}>
      <Tabs
        size="small"
        items={[
          {
            key: 'draw',
            label: t('org.drawTab'),
            children: (
              <div>
                <PolygonCanvas points={points} onAddPoint={(p) => update([...points, p])} context={context} fitTo={fitTo} fitPoints={framePoints} height={300} testId={`${testId}-canvas`} />
                <Space style={{ marginTop: 8 }} wrap>
                  <Typography.Text type="secondary">{t('org.drawHint')}</Typography.Text>
                  <Typography.Text data-testid={`${testId}-count`}>{t('org.points', { count: points.length })}</Typography.Text>
                  <Button size="small" icon={<UndoOutlined />} disabled={!points.length} onClick={() => update(points.slice(0, -1))}>{t('org.undoPoint')}</Button>
                  <Button size="small" icon={<ClearOutlined />} disabled={!points.length} onClick={() => update([])}>{t('org.clearPoints')}</Button>
                </Space>
              </div>
            ),
          },
          {
            key: 'paste',
            label: t('org.pasteTab'),
            children: (
              <div>
                <Input.TextArea
                  data-testid={`${testId}-geojson`}
                  rows={5}
                  value={text}
                  placeholder={t('org.geojsonPlaceholder')}
                  status={textError ? 'error' : undefined}
                  onChange={(e) => {
                    setText(e.target.value);
                    if (!e.target.value.trim()) { setTextError(false); setPoints([]); onChange?.(null); return; }
                    const p = parsePolygon(e.target.value);
                    setTextError(!p);
                    if (p) { setPoints(pointsFromPolygon(p)); setFramePoints(pointsFromPolygon(p)); onChange?.(p); }
                  }}
                  style={{ fontFamily: 'monospace', fontSize: 12 }}
                />
                {textError && <Typography.Text type="danger">{t('org.geojsonInvalid')}</Typography.Text>}
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}
