import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { AppClient, describeCpu, startInstance, trpcGetUrl, withCpuAccounting } from "./app-instance";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "smoke-"));
const lite = await startInstance({
  port: 3510,
  env: { DATABASE_PATH: path.join(dir, "s.db"), AUTH_SECRET: "x".repeat(40) },
});
try {
  const c = await AppClient.signUp(lite.base);
  const demo = await c.firstAssessment(lite.base);
  const r = await withCpuAccounting({ app: [lite.process.pid as number] }, () =>
    autocannon({
      url: trpcGetUrl(lite.base, "assessments.get", { assessmentId: demo.id }),
      connections: 20,
      duration: 5,
      headers: { cookie: c.cookie },
    }),
  );
  console.log(r.result.requests.average, r.result.non2xx, describeCpu(r.cpu));
  let v = demo.version;
  const t0 = performance.now();
  for (let i = 0; i < 20; i++)
    v = (
      await c.mutate<{ version: number }>(lite.base, "workspace.updateAssessment", {
        assessmentId: demo.id,
        version: v,
        handling: `X ${i % 2}`,
      })
    ).version;
  console.log("20 saves", (performance.now() - t0) / 20, "ms each; version", v);
} finally {
  await lite.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
