// A fixed answer with no database or session: the framework's floor for the load benchmark.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}
