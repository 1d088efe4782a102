import { useEffect, useRef, useState, type RefObject } from 'react';
import Graph from 'graphology';
import Sigma from 'sigma';
import type { CaseResponse } from '../../api.ts';
import { addEdge, addNode, CUT_COLOUR, JUNCTION_RING, layout } from './graph.ts';

/**
 * The graph of `data` and its Sigma renderer in `container`, built once the data is in:
 * the cut's nodes stand out, junction points are ringed, and a selection greys out what is
 * not next to it. `selected` and `cut` are read at each frame (refresh to redraw).
 */
export function useSigma(
  container: RefObject<HTMLDivElement | null>,
  data: CaseResponse<'network/graph'> | null,
  selected: RefObject<string | null>,
  cut: RefObject<Set<string>>,
  onSelect: (id: string | null) => void,
): {
  sigma: RefObject<Sigma | null>;
  graph: RefObject<Graph>;
  /** The nodes drawn, counted again when a neighbourhood is added. */
  order: number;
  setOrder: (order: number) => void;
  layoutRunning: boolean;
  /** Time to the first frame. */
  renderMs: number | null;
} {
  const sigma = useRef<Sigma | null>(null);
  const graph = useRef<Graph>(new Graph({ multi: true, type: 'directed' }));
  const [renderMs, setRenderMs] = useState<number | null>(null);
  const [order, setOrder] = useState(0);
  const [layoutRunning, setLayoutRunning] = useState(false);
  useEffect(() => {
    if (!data || !container.current) return;
    const started = performance.now();
    const g = new Graph({ multi: true, type: 'directed' });
    data.nodes.forEach((n, i) => addNode(g, n, i, data.nodes.length));
    data.edges.forEach((e) => addEdge(g, e));
    const stopLayout = data.nodes.some((n) => n.x !== undefined)
      ? null
      : layout(g, () => setLayoutRunning(false));
    setLayoutRunning(stopLayout !== null);
    graph.current = g;
    setOrder(g.order);
    const s = new Sigma(g, container.current, {
      renderEdgeLabels: false,
      // Big graphs stay fluid while the camera moves: edges and labels return when it stops.
      hideEdgesOnMove: g.size > 2000,
      hideLabelsOnMove: g.order > 2000,
      labelRenderedSizeThreshold: 6,
      defaultEdgeType: 'arrow',
      zIndex: true,
      nodeReducer: (node, attrs) => {
        const sel = selected.current;
        const res: Record<string, unknown> = { ...attrs };
        if (cut.current.has(node)) {
          res.color = CUT_COLOUR;
          res.size = (attrs.size as number) + 4;
          res.forceLabel = true;
          res.zIndex = 2;
        } else if ((attrs.junction as number) > 0.5) {
          res.borderColor = JUNCTION_RING;
          res.color = JUNCTION_RING;
          res.forceLabel = true;
          res.zIndex = 1;
        }
        if (sel) {
          if (node === sel) {
            res.highlighted = true;
            res.forceLabel = true;
            res.zIndex = 3;
          } else if (!g.areNeighbors(node, sel)) {
            res.color = '#e3e6e8';
            res.label = '';
          }
        }
        return res;
      },
      edgeReducer: (edge, attrs) => {
        const sel = selected.current;
        if (sel && !g.extremities(edge).includes(sel)) return { ...attrs, hidden: true };
        return attrs;
      },
    });
    s.on('clickNode', ({ node }) => onSelect(node));
    s.on('clickStage', () => onSelect(null));
    sigma.current = s;
    // Time to first frame: sigma renders synchronously on construction.
    setRenderMs(Math.round(performance.now() - started));
    return () => {
      stopLayout?.();
      s.kill();
      sigma.current = null;
    };
  }, [data]);
  return { sigma, graph, order, setOrder, layoutRunning, renderMs };
}
