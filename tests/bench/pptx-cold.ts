// The PowerPoint brief's cold figure in a process of its own (exports.ts starts it): pptxgenjs
// shares jszip with the Word renderer, so measured after the DOCX row in the bench's process it
// would find half its modules loaded. Reads a brief (JSON) from the file named on the command line
// and prints the wall and CPU time of loading the renderer and rendering it once, in ms.
import fs from "node:fs";
import type { Brief } from "@/server/export/brief";

const brief = JSON.parse(fs.readFileSync(process.argv[2] ?? "", "utf8")) as Brief;
const cpu0 = process.cpuUsage();
const started = performance.now();
const { renderPptx } = await import("@/server/export/pptx");
const bytes = (await renderPptx(brief)).length;
const wall = performance.now() - started;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(`${JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000, bytes })}\n`);
