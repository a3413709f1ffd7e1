// Reads the files of a zip archive (an Office document, or the workbook embedded in one) with
// node:zlib alone, so a test reads back what the renderer wrote without the renderer's own zip code.
import zlib from "node:zlib";

/** Every file of the archive by name (stored or deflated entries), from its central directory. */
export function zipEntries(archive: Buffer): Map<string, Buffer> {
  const eocd = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("Not a zip archive");
  const entries = archive.readUInt16LE(eocd + 10);
  let at = archive.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let k = 0; k < entries; k++) {
    const method = archive.readUInt16LE(at + 10);
    const compressedSize = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const localHeader = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const dataStart =
      localHeader + 30 + archive.readUInt16LE(localHeader + 26) + archive.readUInt16LE(localHeader + 28);
    const data = archive.subarray(dataStart, dataStart + compressedSize);
    if (!name.endsWith("/")) files.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** Every file of the archive as UTF-8 text (the XML parts of a .docx or .pptx). */
export function zipTexts(archive: Buffer): Map<string, string> {
  return new Map([...zipEntries(archive)].map(([name, data]) => [name, data.toString("utf8")]));
}

/** The text a run of DrawingML paragraphs shows: each <a:p>'s <a:t> runs joined, entities decoded. */
export function paragraphsOf(xml: string): string[] {
  return xml
    .split(/<\/a:p>/)
    .map((p) => [...p.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decodeXml(m[1] ?? "")).join(""))
    .filter((p) => p.length > 0);
}

export function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
}
