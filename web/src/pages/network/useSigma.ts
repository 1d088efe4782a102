import { useEffect, useRef, useState, type RefObject } from 'react';
import Graph from 'graphology';
import Sigma from 'sigma';
import type { CaseResponse } from '../../api.ts';
import {
  addEdge,
  addNode,
  CUT_COLOUR,
  edgeShown,
  filtering,
  JUNCTION_RING,
  layout,
  PATH_COLOUR,
  type GraphView,
} from './graph.ts';

/** Graphs up to this many nodes carry every label; bigger ones label their key nodes. */
const LABEL_ALL_MAX = 300;
/** The junction points labelled whatever the size: the first this many by rank. */
const LABELLED_JUNCTIONS = 10;

/**
 * The graph of `data` and its Sigma renderer in `container`, built once the data is in:
 * the cut's nodes stand out, junction points are ringed and labelled, a path asked for is
 * drawn over the rest, edges outside the view's commodity or period are hidden (and the
 * parties left with none), and a selection greys out what is not next to it. `selected`,
 * `cut` and `view` are read at each frame (refresh to redraw).
 */
export function useSigma(
  container: RefObject<HTMLDivElement | null>,
  data: CaseResponse<'network/graph'> | null,
  selected: RefObject<string | null>,
  cut: RefObject<Set<string>>,
  view: RefObject<GraphView>,
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
    const labelAll = g.order <= LABEL_ALL_MAX;
    /** Does a node keep at least one edge the view shows? (Only asked while filtering.) */
    const keeps = (node: string, v: GraphView) =>
      g.someEdge(node, (_e, attrs) => edgeShown(attrs, v));
    const s = new Sigma(g, container.current, {
      renderEdgeLabels: false,
      // Big graphs stay fluid while the camera moves: edges and labels return when it stops.
      hideEdgesOnMove: g.size > 2000,
      hideLabelsOnMove: g.order > 2000,
      labelRenderedSizeThreshold: labelAll ? 0 : 6,
      labelDensity: labelAll ? 1 : 0.07,
      labelGridCellSize: labelAll ? 20 : 100,
      defaultEdgeType: 'arrow',
      zIndex: true,
      nodeReducer: (node, attrs) => {
        const sel = selected.current;
        const v = view.current;
        const res: Record<string, unknown> = { ...attrs };
        const rank = attrs.junctionRank as number | null;
        if (rank !== null && rank <= LABELLED_JUNCTIONS) res.forceLabel = true;
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
        if (v.pathNodes.has(node)) {
          res.forceLabel = true;
          res.highlighted = true;
          res.zIndex = 3;
        } else if (v.pathNodes.size > 0) res.color = '#c9ced3';
        if (filtering(v) && !v.pathNodes.has(node) && node !== sel && !keeps(node, v))
          res.hidden = true;
        if (sel) {
          if (node === sel) {
            res.highlighted = true;
            res.forceLabel = true;
            res.zIndex = 3;
          } else if (!g.areNeighbors(node, sel) && !v.pathNodes.has(node)) {
            res.color = '#e3e6e8';
            res.label = '';
          }
        }
        return res;
      },
      edgeReducer: (edge, attrs) => {
        const sel = selected.current;
        const v = view.current;
        const [a, b] = g.extremities(edge);
        if (v.pathPairs.has(`${a}\u0000${b}`))
          return { ...attrs, color: PATH_COLOUR, size: 3, zIndex: 2 };
        if (!edgeShown(attrs, v)) return { ...attrs, hidden: true };
        if (sel && a !== sel && b !== sel) return { ...attrs, hidden: true };
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
