// A round's cells on the wire (issue 14: the round page of 20 participants on 12 × 300 opens within
// 1 s). The group view ranks every (indicator in scope, active scenario): 3,600 cells on 12 × 300,
// each naming its indicator and scenario by id, some 600 KB as objects. The table names each
// indicator and scenario once and lists the cells, in the same order, by position: a quarter of that.
import type { RoundCell } from "@/shared/engine";

export interface CellTable {
  indicatorIds: string[];
  scenarioIds: string[];
  /** Four numbers per cell, in the group's order: its indicator's position, its scenario's, its spread, its impact. */
  cells: number[];
}

export function packCells(cells: readonly RoundCell[]): CellTable {
  const indicators = new Map<string, number>();
  const scenarios = new Map<string, number>();
  const out: number[] = [];
  const at = (map: Map<string, number>, id: string) => {
    let k = map.get(id);
    if (k === undefined) {
      k = map.size;
      map.set(id, k);
    }
    return k;
  };
  for (const c of cells) out.push(at(indicators, c.indicatorId), at(scenarios, c.scenarioId), c.spread, c.impact);
  return { indicatorIds: [...indicators.keys()], scenarioIds: [...scenarios.keys()], cells: out };
}

export function unpackCells(table: CellTable): RoundCell[] {
  const out: RoundCell[] = [];
  for (let k = 0; k + 3 < table.cells.length; k += 4) {
    const indicatorId = table.indicatorIds[table.cells[k] as number];
    const scenarioId = table.scenarioIds[table.cells[k + 1] as number];
    if (indicatorId === undefined || scenarioId === undefined)
      throw new Error(`Cell ${k / 4} names no indicator or scenario`);
    out.push({ indicatorId, scenarioId, spread: table.cells[k + 2] as number, impact: table.cells[k + 3] as number });
  }
  return out;
}
