// The spreadsheet routes (issue 16) called as Next calls them, with a real session cookie: the
// workbook export (format=xlsx), the sheet import's preview, create and update steps, and the
// templates; who may call each, the Origin check, and nothing written on a refusal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/assessments/[id]/export/route";
import { POST as sheetRoute } from "@/app/api/assessments/import/sheet/route";
import { GET as templateRoute } from "@/app/api/assessments/import/template/route";
import { buildWorld, rowCounts, type TestUser, type World } from "./harness";
import { cookieOf } from "./import-helpers";
import { eventsOf } from "./workspace-helpers";

let world: World;
let demoId: string;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ACH = "Evidence,Yes,No\nTroops seen leaving,CC,II\n";

async function exportXlsx(user: TestUser | null, id: string, query = "format=xlsx"): Promise<Response> {
  const headers: Record<string, string> = user ? { cookie: await cookieOf(user) } : {};
  const req = new Request(`http://127.0.0.1/api/assessments/${id}/export?${query}`, { headers });
  return exportRoute(req, { params: Promise.resolve({ id }) });
}

async function sheetPost(
  user: TestUser | null,
  query: Record<string, string>,
  body: BodyInit,
  origin = "http://127.0.0.1",
): Promise<Response> {
  const headers: Record<string, string> = { host: "127.0.0.1", origin };
  if (user) headers.cookie = await cookieOf(user);
  const url = `http://127.0.0.1/api/assessments/import/sheet?${new URLSearchParams(query).toString()}`;
  return sheetRoute(new Request(url, { method: "POST", headers, body }));
}

beforeAll(async () => {
  world = await buildWorld();
  demoId = world.teamA.demoAssessmentId;
}, 60_000);
afterAll(() => world?.db.cleanup());

describe("GET /api/assessments/{id}/export?format=xlsx", () => {
  it("serves the workbook to any member, viewers included, named like the other formats", async () => {
    const res = await exportXlsx(world.viewer, demoId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX);
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.xlsx"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it("takes the moment like the other formats, and refuses strangers", async () => {
    expect((await exportXlsx(world.owner, demoId, "format=xlsx&seq=1")).status).toBe(200);
    expect((await exportXlsx(world.owner, demoId, "format=xlsx&seq=999999")).status).toBe(400);
    expect((await exportXlsx(null, demoId)).status).toBe(401);
    expect((await exportXlsx(world.ownerB, demoId)).status).toBe(404);
    const unknown = await exportXlsx(world.owner, demoId, "format=xls");
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/csv or xlsx/);
  });
});

describe("POST /api/assessments/import/sheet", () => {
  it("previews an ACH matrix for an analyst, writing nothing", async () => {
    const before = await rowCounts();
    const res = await sheetPost(world.analyst, { teamId: world.teamA.id, name: "m.csv", step: "preview" }, ACH);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { layout: string; indicators: { cells: { rating: string }[] }[] };
    expect(body.layout).toBe("ach");
    expect(body.indicators[0]?.cells.map((c) => c.rating)).toEqual(["highly_likely", "highly_unlikely"]);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses viewers (403), other teams (404), no session (401), a foreign Origin (403) and a bad cell (400)", async () => {
    const before = await rowCounts();
    const q = { teamId: world.teamA.id, name: "m.csv", step: "preview" };
    expect((await sheetPost(world.viewer, q, ACH)).status).toBe(403);
    expect((await sheetPost(world.ownerB, q, ACH)).status).toBe(404);
    expect((await sheetPost(null, q, ACH)).status).toBe(401);
    expect((await sheetPost(world.analyst, q, ACH, "https://evil.example")).status).toBe(403);
    const bad = await sheetPost(world.analyst, q, "E,A,B\nx,CC,Probable\n");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { message: "m!C2: 'Probable' is not a consistency code; use CC, C, N, I, II or NA", field: "m!C2" },
    });
    expect((await sheetPost(world.analyst, { ...q, step: "later" }, ACH)).status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it("creates from a Signpost workbook (201), and applies one to its assessment (200) as one change", async () => {
    const file = new Uint8Array(await (await exportXlsx(world.owner, demoId)).arrayBuffer());
    const created = await sheetPost(world.analyst, { teamId: world.teamA.id, name: "demo.xlsx", step: "create" }, file);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await eventsOf(id)).toHaveLength(1);

    const preview = await sheetPost(
      world.analyst,
      { teamId: world.teamA.id, name: "demo.xlsx", step: "preview" },
      file,
    );
    const target = ((await preview.json()) as { target: { id: string; version: number; total: number } }).target;
    expect(target).toMatchObject({ id: demoId, total: 0 });
    const update = { teamId: world.teamA.id, name: "demo.xlsx", step: "update", assessmentId: demoId };
    const noReason = await sheetPost(
      world.analyst,
      { ...update, version: String(target.version), rationale: "" },
      file,
    );
    expect(noReason.status).toBe(400);
    const same = await sheetPost(
      world.analyst,
      { ...update, version: String(target.version), rationale: "Check" },
      file,
    );
    expect(same.status).toBe(400);
    expect(((await same.json()) as { error: { message: string } }).error.message).toMatch(/nothing to apply/);
    const viewer = await sheetPost(world.viewer, { ...update, version: String(target.version), rationale: "x" }, file);
    expect(viewer.status).toBe(403);
  });
});

describe("GET /api/assessments/import/template", () => {
  it("serves each template to signed-in people, and refuses what is not one", async () => {
    const cookie = await cookieOf(world.viewer);
    const get = (query: string, withCookie = true) =>
      templateRoute(
        new Request(`http://127.0.0.1/api/assessments/import/template?${query}`, {
          headers: withCookie ? { cookie } : {},
        }),
      );
    const workbook = await get("layout=workbook&format=xlsx");
    expect(workbook.status).toBe(200);
    expect(workbook.headers.get("content-type")).toBe(XLSX);
    const csv = await get("layout=ach&format=csv");
    const csvBytes = new Uint8Array(await csv.arrayBuffer());
    // UTF-8 with a BOM, as the CSV export writes it, so Excel reads accents.
    expect([...csvBytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csvBytes)).toMatch(/^Evidence,Credibility,Relevance,H1/);
    expect((await get("layout=ach&format=xlsx")).status).toBe(200);
    expect((await get("layout=workbook&format=csv")).status).toBe(400);
    expect((await get("layout=pptx")).status).toBe(400);
    expect((await get("layout=ach&format=csv", false)).status).toBe(401);
  });
});
