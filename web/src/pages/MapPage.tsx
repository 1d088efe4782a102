import { useMemo, useRef, useState, type ReactNode } from 'react';
import 'leaflet/dist/leaflet.css';
import { ErrorBox, Loading, text, useApp } from '../lib.tsx';
import { LayerToggle, MapLegend, TimeSlider } from './map/MapControls.tsx';
import { MapSide } from './map/MapSide.tsx';
import { mapPoints, type Point } from './map/points.ts';
import { useBorders, useChoropleth, useLeafletMap } from './map/useLeafletMap.ts';
import { useMapRecords } from './map/useMapRecords.ts';
import { usePointLayer, type Selected } from './map/usePointLayer.ts';
import { useTimeWindow } from './map/useTimeWindow.ts';

export default function MapPage({ params }: { params: URLSearchParams }): ReactNode {
  const { caseRef } = useApp();
  const { geo, incidents, seizures, error } = useMapRecords(caseRef.id);
  const [selected, setSelected] = useState<Selected>(
    params.get('incident') ? { kind: 'incident', id: params.get('incident')! } : null,
  );
  const [showIncidents, setShowIncidents] = useState(true);
  const [showSeizures, setShowSeizures] = useState(true);
  const [showChoropleth, setShowChoropleth] = useState(true);
  const time = useTimeWindow(incidents);
  const { visible } = time;

  const mapEl = useRef<HTMLDivElement>(null);
  const { map, layers, moves } = useLeafletMap(mapEl);
  const [clusterList, setClusterList] = useState<Point[] | null>(null);
  useBorders(map, layers, geo);
  useChoropleth(map, layers, geo, visible, showChoropleth);
  const points = useMemo(
    () =>
      mapPoints(
        showIncidents ? visible : null,
        showSeizures ? seizures : null,
        geo?.admin1 ?? null,
      ),
    [visible, seizures, showIncidents, showSeizures, geo],
  );
  usePointLayer(map, layers, points, moves, setSelected, setClusterList);

  const placed = visible.filter((i) => typeof i.lat === 'number').length;
  const types = [...new Set(visible.map((i) => text(i.attack_type) || 'other'))].sort();

  return (
    <section>
      <div className="page-head">
        <h1>Map</h1>
        <LayerToggle label="Incidents" checked={showIncidents} onChange={setShowIncidents} />
        <LayerToggle label="Seizures" checked={showSeizures} onChange={setShowSeizures} />
        <LayerToggle
          label="Admin-1 choropleth"
          checked={showChoropleth}
          onChange={setShowChoropleth}
        />
      </div>
      <ErrorBox error={error} />
      {incidents === null && !error ? <Loading what="incidents" /> : null}
      <TimeSlider
        time={time}
        placed={placed}
        seizuresPlaced={points.filter((p) => p.kind === 'seizure').length}
      />
      <MapLegend types={types} />
      <div className="split">
        <div
          ref={mapEl}
          className="map"
          data-testid="map"
          data-geo={geo ? 'ready' : 'loading'}
          aria-label="Map of incidents and seizures"
        />
        <MapSide
          selected={selected}
          onSelect={setSelected}
          clusterList={clusterList}
          visible={visible}
        />
      </div>
    </section>
  );
}
