// Unknown-field check for Kubernetes objects: kubernetes-models' validate() accepts any extra key
// (Kubernetes' OpenAPI schemas do not forbid them), so a misspelt field such as `fsGroupChangePolcy`
// would pass it and be silently dropped by the API server. The field names and types come from the
// package's own type declarations (.d.ts, generated from the same OpenAPI document).
import fs from "node:fs";
import path from "node:path";

let index = null;

// Split a TypeScript interface body into [name, type] pairs (types may span lines and hold braces).
function properties(body) {
  const out = [];
  const re = /"([^"]+)"\??:\s*/g;
  let match;
  while ((match = re.exec(body))) {
    let depth = 0;
    let i = re.lastIndex;
    for (; i < body.length; i++) {
      const c = body[i];
      if (c === "{" || c === "<" || c === "(") depth++;
      else if (c === "}" || c === ">" || c === ")") depth--;
      else if (c === ";" && depth === 0) break;
    }
    out.push([match[1], body.slice(re.lastIndex, i).trim()]);
    re.lastIndex = i + 1;
  }
  return out;
}

// Read every declaration file once: full alias name (IIoK8sApiCoreV1Container) -> field types.
function buildIndex(npm) {
  const byAlias = new Map();
  const byFile = new Map();
  const roots = ["kubernetes-models", "@kubernetes-models/apimachinery"].map((p) => path.join(npm, "node_modules", p));
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "_schemas" && entry.name !== "node_modules") walk(full);
      } else if (entry.name.endsWith(".d.ts")) {
        const text = fs.readFileSync(full, "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
        const interfaces = new Map();
        for (const m of text.matchAll(/export interface (\w+)(?: extends [^{]+)? \{([\s\S]*?)\n\}/g)) {
          interfaces.set(m[1], new Map(properties(m[2])));
        }
        for (const m of text.matchAll(/export type \{ (\w+) as (\w+)/g)) {
          if (interfaces.has(m[1])) byAlias.set(m[2], interfaces.get(m[1]));
        }
        byFile.set(full, interfaces);
      }
    }
  };
  roots.forEach(walk);
  return { byAlias, byFile, root: roots[0] };
}

// Walk `value` as type `type`; report keys that the type does not have.
function walk(value, type, where, out) {
  type = type.trim();
  if (value === null || value === undefined) return;
  const array = type.match(/^Array<([\s\S]+)>$/);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, array[1], `${where}[${i}]`, out));
    return;
  }
  const map = type.match(/^\{\s*\[key: string\]:\s*([\s\S]+?);?\s*\}$/);
  if (map) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, map[1], `${where}.${k}`, out);
    return;
  }
  const fields = index.byAlias.get(type);
  if (!fields || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (!fields.has(key)) out.push(`unknown field ${where}.${key} (not in ${type.replace(/^IIoK8s/, "")})`);
    else walk(child, fields.get(key), `${where}.${key}`, out);
  }
}

// Return one message per field of `object` that its kind does not define.
export function checkKnownFields(npm, object) {
  index ??= buildIndex(npm);
  const [group, version] = String(object.apiVersion).includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  const file = path.join(index.root, ...(group ? [group] : []), version, `${object.kind}.d.ts`);
  const fields = index.byFile.get(file)?.get(`I${object.kind}`);
  if (!fields) return [`no type declarations for ${object.apiVersion} ${object.kind}`];
  const out = [];
  for (const [key, value] of Object.entries(object)) {
    if (!fields.has(key)) out.push(`unknown top-level field ${key}`);
    else walk(value, fields.get(key), key, out);
  }
  return out;
}
