// What pptxgenjs 4.0.1 writes that PowerPoint and Excel repair, put right before the deck leaves:
//  - [Content_Types].xml names a slide master per slide (slideMaster2.xml, …) though the package
//    holds one (PptxGenJS issue #1444): a content type for a part that does not exist;
//  - a blank point (a scenario before it existed) is written as an empty value, in the chart's
//    cache (<c:v></c:v>) and in its workbook (<v></v>), where a blank is a point left out;
//  - each chart's embedded workbook carries an Excel table whose range ends in a stray quote
//    ("A1:B4'") and whose header names are not its header cells: Excel would repair the workbook
//    when a briefer opens the chart's data. The table adds nothing to the chart, which reads the
//    sheet's cells: it goes.
// The chart data stay as pptxgenjs wrote them otherwise; tests read the tidied package back.
import JSZip from "jszip";

export async function tidyPackage(deck: Buffer | Uint8Array): Promise<Buffer> {
  const zip = await JSZip.loadAsync(deck);
  await rewrite(zip, "[Content_Types].xml", (xml) => withoutMissingParts(zip, xml));
  for (const name of Object.keys(zip.files)) {
    if (/^ppt\/charts\/chart\d+\.xml$/.test(name)) {
      await rewrite(zip, name, (xml) => xml.replace(/<c:pt idx="\d+"><c:v><\/c:v><\/c:pt>/g, ""));
    } else if (/^ppt\/embeddings\/[^/]+\.xlsx$/.test(name)) {
      const file = zip.file(name);
      if (file) zip.file(name, await tidyWorkbook(await file.async("uint8array")));
    }
  }
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
}

async function tidyWorkbook(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  for (const name of Object.keys(zip.files)) {
    if (name.startsWith("xl/tables/") || name === "xl/worksheets/_rels/sheet1.xml.rels") zip.remove(name);
  }
  await rewrite(zip, "[Content_Types].xml", (xml) => withoutMissingParts(zip, xml));
  await rewrite(zip, "xl/worksheets/sheet1.xml", (xml) =>
    xml.replace(/<c r="[A-Z]+\d+"><v><\/v><\/c>/g, "").replace(/<tableParts[\s\S]*?<\/tableParts>/g, ""),
  );
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } });
}

/** The content types without an Override for a part the package does not hold. */
function withoutMissingParts(zip: JSZip, xml: string): string {
  return xml.replace(/\s*<Override PartName="\/([^"]+)"[^>]*\/>/g, (override, part: string) =>
    zip.file(part) ? override : "",
  );
}

async function rewrite(zip: JSZip, name: string, change: (xml: string) => string): Promise<void> {
  const file = zip.file(name);
  if (file) zip.file(name, change(await file.async("string")));
}
