// Placeholder replaced by the PDF renderer.
import type { Brief } from "./brief";

export async function renderPdf(_brief: Brief): Promise<Buffer> {
  throw new Error("PDF rendering is not built yet");
}
