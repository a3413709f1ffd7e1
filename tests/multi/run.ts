// `npm run test:multi`: the 1,000 conflicting saves (tests/integration/concurrency.test.ts) across two
// app instances on one PostgreSQL database (issue 15). A throwaway cluster, two `npm start`s on it,
// real accounts (the owner signs up, three analysts join by invitation and sign in), and three
// clients saving conflicting changes to one assessment over HTTP, each save sent to either instance
// and based on the version that client last saw. Checked: every save is applied (version + 1) or
// refused with CONFLICT naming the author and summary of the change the log holds at the version
// the refusal gives; no acknowledged save is lost (each is in the log once, under its author, at its
// version and seq, and the last applied value of each field is what the assessment holds); the seqs
// are 1..n without gaps; the versions count the state changes; the log replays to the state; and the
// owner, following the assessment on both instances, heard every commit on each, once and in order.
//
//   npx tsx tests/multi/run.ts [--store pg|sqlite]   (MULTI_SAVES=1000, MULTI_PORT=3297 and +1)
// --store sqlite runs the same drive on two processes sharing one SQLite file (a check of the
// runner itself; SQLite's installation is one process). Without PostgreSQL's binaries the pg run
// is skipped with a message, except under CI=true, where it fails.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PgCluster } from "../support/pg-cluster";
import { inviteAnalyst, type Session, signUpFirst, TrpcRefusal } from "./http";
import { type AppInstance, clusterOrSkip, PG_MISSING, startInstance } from "./instances";
import { followChanges, type LiveStream } from "./live-stream";
import { checkOutcome, makeSave, random, type SaveOutcome, send, type Target } from "./saves";
import { openStoreReader, type StoreLocation } from "./store-check";

const SAVES = Number(process.env.MULTI_SAVES ?? 1_000);
const PORT = Number(process.env.MULTI_PORT ?? 3297);
const store = process.argv.includes("--store") ? process.argv[process.argv.indexOf("--store") + 1] : "pg";

function log(message: string) {
  console.log(`multi: ${message}`);
}

interface Client {
  session: Session;
  /** The version this client last saw: what its next save is based on. */
  lastSeen: number;
}

async function main() {
  if (store !== "pg" && store !== "sqlite") throw new Error(`--store takes pg or sqlite, not '${store}'`);
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-multi-"));
  let cluster: PgCluster | null = null;
  const instances: AppInstance[] = [];
  const cleanup = () => {
    for (const instance of instances) instance.kill();
    cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  try {
    let location: StoreLocation;
    const env: Record<string, string> = {
      // One secret for the installation: a session cookie signed by one instance is good on the other.
      AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      SIGNPOST_RATE_LIMIT: "off",
    };
    if (store === "pg") {
      cluster = await clusterOrSkip("signpost_multi");
      if (!cluster) {
        console.warn(`multi: ${PG_MISSING}\nmulti: skipped (CI=true makes this an error)`);
        return;
      }
      env.DATABASE_URL = cluster.url;
      process.env.DATABASE_URL = cluster.url;
      location = { kind: "pg", url: cluster.url };
    } else {
      delete process.env.DATABASE_URL;
      env.DATABASE_URL = "";
      location = { kind: "sqlite", file: path.join(dir, "signpost.db") };
    }
    // Each instance keeps its own data folder (DATABASE_PATH's folder holds nothing shared on
    // PostgreSQL); on SQLite both name the one file.
    for (const [i, name] of ["a", "b"].entries()) {
      const file =
        store === "sqlite" ? location.kind === "sqlite" && location.file : path.join(dir, name, "signpost.db");
      // One after the other: the first applies the migrations and seeds the demo (and builds when needed).
      instances.push(
        await startInstance({
          port: PORT + i,
          env: { ...env, DATABASE_PATH: String(file) },
          build: i === 0,
          label: `instance ${name} (${store})`,
        }),
      );
    }
    const [a, b] = instances as [AppInstance, AppInstance];
    log(`two instances on ${store === "pg" ? "one PostgreSQL database" : "one SQLite file"}: ${a.base}, ${b.base}`);
    try {
      await drive(a.base, b.base, location);
    } catch (error) {
      for (const instance of instances) console.error(`multi: ${instance.base} printed:\n${instance.output()}`);
      throw error;
    }
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    cleanup();
  }
}

async function drive(a: string, b: string, location: StoreLocation) {
  const password = "multi-instance-pass-42";
  const owner = await signUpFirst(a, { name: "Olga Owner", email: "owner@multi.example", password });
  const teamId = (await owner.query<{ active: { id: string } }>(b, "teams.mine")).active.id;
  const people = [
    { name: "Ana First", email: "analyst-1@multi.example", password },
    { name: "Bo Second", email: "analyst-2@multi.example", password },
    { name: "Cy Third", email: "analyst-3@multi.example", password },
  ];
  const analysts: Session[] = [];
  for (const [i, person] of people.entries()) {
    analysts.push(await inviteAnalyst(owner, teamId, person, i % 2 ? b : a, i % 2 ? a : b));
  }

  const { id: assessmentId } = await owner.mutate<{ id: string }>(a, "assessments.create", {
    teamId,
    title: "Contested across instances",
    keyQuestion: "Will the ceasefire announced this week hold until 31 March?",
    horizon: "2027-03-31",
    confidence: "moderate",
    scenarios: [
      { name: "Ceasefire holds", prior: 0.5 },
      { name: "Ceasefire collapses", prior: 0.3 },
      { name: "Frozen stalemate", prior: 0.2 },
    ],
  });
  type View = { state: { version: number; scenarios: { id: string }[]; indicators: { id: string }[] } };
  // The owner follows the assessment on both instances, as an open page would (on PostgreSQL: two
  // processes on one SQLite file have no channel between them, by design).
  const followed = location.kind === "pg" ? [a, b] : [];
  const streams: LiveStream[] = [];
  for (const base of followed) streams.push(await followChanges(owner, base, assessmentId));
  let view = await owner.query<View>(b, "assessments.get", { assessmentId });
  let setupSeq = 0;
  for (const [i, name] of ["Heavy weapons withdrawn", "Artillery duels reported"].entries()) {
    ({ seq: setupSeq } = await owner.mutate<{ seq: number }>(i ? a : b, "workspace.addIndicator", {
      assessmentId,
      version: view.state.version,
      name,
      expectations: Object.fromEntries(view.state.scenarios.map((s) => [s.id, "could"])),
    }));
    view = await owner.query<View>(i ? b : a, "assessments.get", { assessmentId });
  }
  const [s0, s1] = view.state.scenarios.map((s) => s.id) as [string, string];
  const [i0, i1] = view.state.indicators.map((i) => i.id) as [string, string];
  const target: Target = { assessmentId, scenario: s0, otherScenario: s1, indicator: i0, otherIndicator: i1 };
  const start = view.state.version;
  // Both streams are live: each has heard the setup's last edit, made on instance A.
  await Promise.all(streams.map((stream) => stream.reached(setupSeq, 5_000)));
  const clients: Client[] = analysts.map((session) => ({ session, lastSeen: start }));

  const seed = Number(process.env.MULTI_SEED ?? Date.now() >>> 0);
  const next = random(seed);
  const outcomes: SaveOutcome[] = [];
  const observed: number[] = [start];
  const problems: string[] = [];
  const began = Date.now();
  const pick = () => (next() < 0.5 ? a : b);
  let n = 0;
  while (n < SAVES) {
    // A batch of 2–5 saves by randomly picked clients, each to a randomly picked instance.
    const size = Math.min(SAVES - n, 2 + Math.floor(next() * 4));
    const batch = Array.from({ length: size }, () => ({
      client: clients[Math.floor(next() * clients.length)] as Client,
      save: makeSave(++n, next),
      on: pick(),
      refreshOn: pick(),
      delay: Math.floor(next() * 3),
    }));
    const readOn = pick();
    await Promise.all([
      owner.query<View>(readOn, "assessments.get", { assessmentId }).then((v) => observed.push(v.state.version)),
      ...batch.map(async ({ client, save, on, refreshOn, delay }) => {
        if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
        const base = client.lastSeen;
        const who = { name: client.session.name, instance: on };
        try {
          const answer = await send(client.session, on, base, save, target);
          outcomes.push({ save, ...who, base, applied: { version: answer.version, seq: answer.seq } });
          client.lastSeen = answer.version;
        } catch (error) {
          if (!(error instanceof TrpcRefusal)) throw error;
          outcomes.push({
            save,
            ...who,
            base,
            refused: { code: error.code, message: error.message, details: error.details },
          });
          // Only now does this client learn the current version, from either instance.
          const fresh = await client.session.query<View>(refreshOn, "assessments.get", { assessmentId });
          client.lastSeen = Math.max(client.lastSeen, fresh.state.version);
        }
      }),
    ]);
  }
  const seconds = (Date.now() - began) / 1000;
  const applied = outcomes.filter((o) => o.applied).length;
  log(
    `${SAVES} saves by ${clients.length} analysts over two instances in ${seconds.toFixed(1)} s: ` +
      `${applied} applied, ${SAVES - applied} refused (seed ${seed})`,
  );
  for (let i = 1; i < observed.length; i++) {
    if ((observed[i] ?? 0) < (observed[i - 1] ?? 0)) {
      problems.push(`a read saw version ${observed[i]} after an earlier read saw ${observed[i - 1]}`);
    }
  }

  const reader = await openStoreReader(location);
  try {
    const events = await reader.events(assessmentId);
    const final = await reader.state(assessmentId);
    if (!final) throw new Error("the assessment is gone");
    problems.push(...checkOutcome({ outcomes, events, final, start, target, saves: SAVES }));
    const difference = await reader.replayDifference(assessmentId);
    if (difference) problems.push(`the event log does not replay to the current state: ${difference}`);
    // What the app serves from either instance is what the tables hold.
    for (const base of [a, b]) {
      const served = await owner.query<View>(base, "assessments.get", { assessmentId });
      if (served.state.version !== final.version) {
        problems.push(`${base} serves version ${served.state.version}, the tables hold ${final.version}`);
      }
    }
    log(`${events.length} events, seqs 1..${events.length}; final version ${final.version}`);
    problems.push(...(await checkStreams(streams, followed, setupSeq, events.length)));
  } finally {
    await reader.close();
    for (const stream of streams) stream.close();
  }
  if (problems.length) {
    throw new Error(`FAILED (seed ${seed}):\n  ${problems.slice(0, 30).join("\n  ")}`);
  }
  log(
    "no lost update; every refusal a CONFLICT naming who changed what; seqs without gaps; replay equals state" +
      (streams.length ? "; live notices across instances complete and in order" : ""),
  );
  console.log("multi: 1 passed, 0 failed");
}

/**
 * Every commit after the setup reached the followers on both instances (all of them at most 2 s
 * after the checks began), once each and in seq order, whichever instance committed it.
 */
async function checkStreams(streams: LiveStream[], bases: string[], after: number, last: number): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, stream] of streams.entries()) {
    const on = bases[i];
    try {
      await stream.reached(last, 2_000);
    } catch (error) {
      problems.push((error as Error).message);
    }
    const heard = stream.seqs.filter((seq) => seq > after);
    const wanted = Array.from({ length: last - after }, (_, k) => after + 1 + k);
    const missing = wanted.filter((seq) => !heard.includes(seq));
    if (missing.length)
      problems.push(`the follower on ${on} missed ${missing.length} notices, first seq ${missing[0]}`);
    if (heard.some((seq, k) => k > 0 && seq <= (heard[k - 1] ?? 0))) {
      problems.push(`the follower on ${on} heard notices twice or out of order`);
    }
  }
  if (streams.length && !problems.length) log(`both followers heard all ${last - after} commits once each, in order`);
  return problems;
}

main().catch((error) => {
  console.error(`multi: ${error instanceof Error ? error.message : String(error)}`);
  console.log("multi: 0 passed, 1 failed");
  process.exit(1);
});
