import { ChokepointError } from '../../core/errors.ts';

/**
 * A flow network held in flat arrays (compressed rows with paired reverse arcs), built in
 * two steps: `addArc` records arcs, `freeze` lays them out so that each node's arcs are
 * contiguous. Capacities are doubles; Infinity marks arcs that may never be cut.
 */
export class FlowNetwork {
  readonly n: number;
  private tails: Int32Array;
  private heads: Int32Array;
  private caps: Float64Array;
  private m = 0;
  // Frozen layout.
  start!: Int32Array;
  to!: Int32Array;
  cap!: Float64Array;
  rev!: Int32Array;
  private frozen = false;

  constructor(n: number, expectedArcs = 16) {
    if (!Number.isInteger(n) || n < 2)
      throw new ChokepointError('CP_BAD_GRAPH', 'a flow network needs at least two nodes', {
        field: 'n',
        expected: 'an integer >= 2',
        got: String(n),
      });
    this.n = n;
    this.tails = new Int32Array(Math.max(16, expectedArcs));
    this.heads = new Int32Array(this.tails.length);
    this.caps = new Float64Array(this.tails.length);
  }

  addArc(u: number, v: number, capacity: number): void {
    if (this.frozen) throw new ChokepointError('CP_INTERNAL', 'flow network already frozen');
    if (!(u >= 0 && u < this.n && v >= 0 && v < this.n)) {
      throw new ChokepointError('CP_BAD_GRAPH', `arc ${this.m} has an end outside the network`, {
        field: `arcs[${this.m}]`,
        expected: `nodes in 0..${this.n - 1}`,
        got: `${u}->${v}`,
      });
    }
    if (!(capacity >= 0))
      throw new ChokepointError('CP_BAD_GRAPH', `arc ${this.m} has a bad capacity`, {
        field: `arcs[${this.m}].capacity`,
        expected: 'a number >= 0 (Infinity allowed)',
        got: String(capacity),
      });
    if (this.m === this.tails.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.tails = grow(this.tails);
      this.heads = grow(this.heads);
      this.caps = grow(this.caps);
    }
    this.tails[this.m] = u;
    this.heads[this.m] = v;
    this.caps[this.m] = capacity;
    this.m++;
  }

  get arcCount(): number {
    return this.m;
  }

  freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    const n = this.n;
    const m = this.m;
    const start = new Int32Array(n + 1);
    for (let i = 0; i < m; i++) {
      start[this.tails[i]! + 1]!++;
      start[this.heads[i]! + 1]!++;
    }
    for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
    const fill = start.slice(0, n);
    const to = new Int32Array(2 * m);
    const cap = new Float64Array(2 * m);
    const rev = new Int32Array(2 * m);
    for (let i = 0; i < m; i++) {
      const u = this.tails[i]!;
      const v = this.heads[i]!;
      const a = fill[u]!++;
      const b = fill[v]!++;
      to[a] = v;
      cap[a] = this.caps[i]!;
      rev[a] = b;
      to[b] = u;
      cap[b] = 0;
      rev[b] = a;
    }
    this.start = start;
    this.to = to;
    this.cap = cap;
    this.rev = rev;
  }

  /**
   * Maximum s-t flow by Dinic's algorithm (E. A. Dinic, "Algorithm for solution of a
   * problem of maximum flow in networks with power estimation", Soviet Math. Doklady 11,
   * 1970): BFS levels, then blocking flows along level-increasing arcs with current-arc
   * pointers. On unit-capacity networks (our node-split graphs) a phase count of
   * O(sqrt(V)) bounds the work (Even & Tarjan 1975). The DFS is iterative so that long
   * supply chains do not overflow the stack.
   */
  maxFlow(s: number, t: number, onPhase?: (phase: number, flow: number) => void): number {
    if (s === t)
      throw new ChokepointError('CP_BAD_GRAPH', 'source and sink are the same node', {
        field: 't',
        expected: 'a sink different from the source',
      });
    this.freeze();
    const { n, start, to, cap, rev } = this;
    const level = new Int32Array(n);
    const queue = new Int32Array(n);
    const it = new Int32Array(n);
    const stack = new Int32Array(n);
    let flow = 0;
    let phase = 0;
    for (;;) {
      level.fill(-1);
      level[s] = 0;
      let tail = 0;
      queue[tail++] = s;
      for (let head = 0; head < tail && level[t]! < 0; head++) {
        const u = queue[head]!;
        for (let a = start[u]!, end = start[u + 1]!; a < end; a++) {
          const v = to[a]!;
          if (cap[a]! > 0 && level[v]! < 0) {
            level[v] = level[u]! + 1;
            queue[tail++] = v;
          }
        }
      }
      if (level[t]! < 0) break;
      it.set(start.subarray(0, n));
      let top = 0;
      let u = s;
      for (;;) {
        if (u === t) {
          let f = Infinity;
          for (let i = 0; i < top; i++) if (cap[stack[i]!]! < f) f = cap[stack[i]!]!;
          if (f === Infinity)
            throw new ChokepointError('CP_BAD_GRAPH', 'an uncuttable path joins source and sink', {
              expected: 'every source-sink path to cross a finite capacity',
            });
          let retreat = -1;
          for (let i = 0; i < top; i++) {
            const a = stack[i]!;
            cap[a]! -= f;
            cap[rev[a]!]! += f;
            if (retreat < 0 && cap[a]! <= 1e-12) retreat = i;
          }
          flow += f;
          top = retreat;
          u = top === 0 ? s : to[stack[top - 1]!]!;
          continue;
        }
        let advanced = false;
        const lu = level[u]! + 1;
        for (let a = it[u]!, end = start[u + 1]!; a < end; a++) {
          const v = to[a]!;
          if (cap[a]! > 1e-12 && level[v] === lu) {
            it[u] = a;
            stack[top++] = a;
            u = v;
            advanced = true;
            break;
          }
        }
        if (advanced) continue;
        it[u] = start[u + 1]!;
        level[u] = -1; // dead end for this phase
        if (top === 0) break;
        top--;
        u = top === 0 ? s : to[stack[top - 1]!]!;
        it[u]!++;
      }
      phase++;
      onPhase?.(phase, flow);
    }
    return flow;
  }

  /** Nodes on the source side of a minimum cut: reachable from s in the residual network. */
  sourceSide(s: number): Uint8Array {
    this.freeze();
    const { n, start, to, cap } = this;
    const seen = new Uint8Array(n);
    const queue = new Int32Array(n);
    let tail = 0;
    seen[s] = 1;
    queue[tail++] = s;
    for (let head = 0; head < tail; head++) {
      const u = queue[head]!;
      for (let a = start[u]!, end = start[u + 1]!; a < end; a++) {
        const v = to[a]!;
        if (cap[a]! > 1e-12 && !seen[v]) {
          seen[v] = 1;
          queue[tail++] = v;
        }
      }
    }
    return seen;
  }

  /** Nodes that can still reach t in the residual network (the sink side of a minimum cut). */
  sinkSide(t: number): Uint8Array {
    this.freeze();
    const { n, start, to, cap, rev } = this;
    const seen = new Uint8Array(n);
    const queue = new Int32Array(n);
    let tail = 0;
    seen[t] = 1;
    queue[tail++] = t;
    for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      // u reaches v in the residual network when the arc u → v (the reverse of v's arc a) has capacity left.
      for (let a = start[v]!, end = start[v + 1]!; a < end; a++) {
        const u = to[a]!;
        if (!seen[u] && cap[rev[a]!]! > 1e-12) {
          seen[u] = 1;
          queue[tail++] = u;
        }
      }
    }
    return seen;
  }
}
