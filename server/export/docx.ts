// Placeholder replaced by the Word renderer.
import type { Brief } from "./brief";

export async function renderDocx(_brief: Brief): Promise<Buffer> {
  throw new Error("Word rendering is not built yet");
}
