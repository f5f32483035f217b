/**
 * The verification graph of a procedure's machine and the search for the shortest path that
 * breaks a law. The graph is xstate/graph's adjacency map under the coarse key (state value,
 * paid, signed, supplements: all the machine's guards read), without timers and with send-backs
 * unbounded, so it is finite and complete: every event sequence the machine accepts is a walk
 * in it. A law is a small monitor run along the walk; the search is a breadth-first walk of the
 * product of graph and monitor, so the first violation found is a shortest counterexample.
 */
import { getAdjacencyMap } from 'xstate/graph';
import type { DossierSnapshot } from '../engine/buildMachine.js';
import type { MachineEvent } from '../model/event.js';
import type { DossierStatus } from '../model/status.js';
import { statusOfSnapshot } from './timedPath.js';
import { traversal, type AnyEvent, type Model } from './traversal.js';

/** A state of the graph: one key of the coarse quotient and a snapshot standing for it. */
export interface GraphNode {
  key: string;
  snapshot: DossierSnapshot;
  value: string;
  status: DossierStatus;
  /** the actor is done (a final state): it takes no event */
  final: boolean;
}

/** An event the machine accepts in a state, and where it leads. */
export interface GraphEdge {
  from: number;
  to: number;
  event: MachineEvent;
  fromStatus: DossierStatus;
  toStatus: DossierStatus;
}

export interface StateGraph {
  model: Model;
  nodes: GraphNode[];
  /** edges leaving each node, by node index; the initial node is 0 */
  out: GraphEdge[][];
  edgeCount: number;
}

/**
 * Builds the verification graph of a model (see the file comment for why it is complete).
 * `supplementCap`: supplement requests are offered while fewer than cap + 1 were granted, so a
 * machine that grants one too many shows it.
 * @example const g = stateGraph(modelOf(procedureA, procedureAMachine)); g.nodes.length // 63
 */
export function stateGraph(model: Model, supplementCap = model.decl.maxSupplementRequests): StateGraph {
  const opts = traversal(model, { key: 'coarse', timers: false, maxSendBacks: Infinity, supplementCap });
  const adj = getAdjacencyMap(model.machine, opts);
  const serialize = opts.serializeState!;
  const index = new Map<string, number>();
  const nodes: GraphNode[] = [];
  const nodeOf = (key: string, s: DossierSnapshot) => {
    let i = index.get(key);
    if (i === undefined) {
      i = nodes.length;
      index.set(key, i);
      nodes.push({ key, snapshot: s, value: s.value as string, status: statusOfSnapshot(model.decl, s), final: s.status !== 'active' });
    }
    return i;
  };
  const keys = Object.keys(adj);
  for (const key of keys) nodeOf(key, adj[key as keyof typeof adj].state);
  const out: GraphEdge[][] = nodes.map(() => []);
  let edgeCount = 0;
  for (const key of keys) {
    const from = index.get(key)!;
    const { state, transitions } = adj[key as keyof typeof adj];
    for (const t of Object.values(transitions)) {
      const to = nodeOf(serialize(t.state, t.event as AnyEvent, state), t.state);
      if (out[to] === undefined) out[to] = [];
      out[from].push({ from, to, event: t.event as MachineEvent, fromStatus: nodes[from].status, toStatus: nodes[to].status });
      edgeCount += 1;
    }
  }
  return { model, nodes, out, edgeCount };
}

/** A law as a monitor over the events of a walk: its memory, and what each accepted event does to it. */
export interface Monitor<M> {
  init: M;
  /** a string telling memories apart (memories must be finitely many) */
  key(m: M): string;
  /** the memory after the event, or the reason the event breaks the law */
  step(m: M, edge: GraphEdge): M | { broken: string };
}

/** The shortest walk that breaks a law: its edges, and the reason the last one breaks it. */
export interface Violation {
  edges: GraphEdge[];
  reason: string;
}

const isBroken = <M>(r: M | { broken: string }): r is { broken: string } => typeof r === 'object' && r !== null && 'broken' in r;

/**
 * The shortest walk from the initial state whose last event breaks the monitor's law, or
 * undefined when no walk does.
 * @example findViolation(graph, { init: false, key: String, step: (paid, e) => ... })
 */
export function findViolation<M>(g: StateGraph, monitor: Monitor<M>): Violation | undefined {
  interface Item {
    node: number;
    m: M;
    parent?: Item;
    edge?: GraphEdge;
  }
  const seen = new Set<string>([`0|${monitor.key(monitor.init)}`]);
  const queue: Item[] = [{ node: 0, m: monitor.init }];
  const walk = (item: Item, last: GraphEdge) => {
    const edges = [last];
    for (let it: Item | undefined = item; it?.edge; it = it.parent) edges.unshift(it.edge);
    return edges;
  };
  for (let head = 0; head < queue.length; head++) {
    const item = queue[head];
    for (const edge of g.out[item.node]) {
      const r = monitor.step(item.m, edge);
      if (isBroken(r)) return { edges: walk(item, edge), reason: r.broken };
      const k = `${edge.to}|${monitor.key(r)}`;
      if (seen.has(k)) continue;
      seen.add(k);
      queue.push({ node: edge.to, m: r, parent: item, edge });
    }
  }
  return undefined;
}

/**
 * Shortest walks from the initial state to every node (breadth first): the edges to each node.
 * @example shortestWalks(graph)[n] // the events that lead to node n, fewest first
 */
export function shortestWalks(g: StateGraph): GraphEdge[][] {
  const parent: Array<GraphEdge | undefined> = [];
  const reached = new Set([0]);
  const queue = [0];
  for (let head = 0; head < queue.length; head++)
    for (const e of g.out[queue[head]])
      if (!reached.has(e.to)) {
        reached.add(e.to);
        parent[e.to] = e;
        queue.push(e.to);
      }
  return g.nodes.map((_, n) => {
    if (n !== 0 && !parent[n]) return [];
    const edges: GraphEdge[] = [];
    for (let e = parent[n]; e; e = parent[e.from]) edges.unshift(e);
    return edges;
  });
}

/**
 * The nodes from which some node matching `target` can be reached (targets included).
 * @example canReach(graph, (n) => n.final)
 */
export function canReach(g: StateGraph, target: (n: GraphNode) => boolean): Set<number> {
  const into: number[][] = g.nodes.map(() => []);
  g.out.forEach((edges, from) => edges.forEach((e) => into[e.to].push(from)));
  const ok = new Set<number>();
  const queue: number[] = [];
  g.nodes.forEach((n, i) => {
    if (target(n)) (ok.add(i), queue.push(i));
  });
  for (let head = 0; head < queue.length; head++)
    for (const from of into[queue[head]])
      if (!ok.has(from)) {
        ok.add(from);
        queue.push(from);
      }
  return ok;
}
