// Validates an OpenAPI document (a file path, or an http(s) URL to fetch) with
// @seriousme/openapi-schema-validator, which checks it against the official OpenAPI 3.0/3.1
// JSON schemas and resolves every $ref. Exit 0 when valid, 1 with the errors otherwise.
//   node check.mjs src/http/openapi.json
//   node check.mjs http://127.0.0.1:8080/api/v1/openapi.json
import { readFile } from "node:fs/promises";
import { Validator } from "@seriousme/openapi-schema-validator";

const source = process.argv[2];
if (!source) {
  console.error("usage: node check.mjs FILE|URL");
  process.exit(2);
}
const text = /^https?:/.test(source) ? await (await fetch(source)).text() : await readFile(source, "utf8");
const document = JSON.parse(text);
const validator = new Validator();
const result = await validator.validate(document);
if (!result.valid) {
  console.error(`${source}: not a valid OpenAPI document`);
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
if (validator.version !== "3.1") {
  console.error(`${source}: OpenAPI ${validator.version}, expected 3.1`);
  process.exit(1);
}
const resolved = validator.resolveRefs();
const operations = Object.values(resolved.paths ?? {}).reduce((n, item) => n + Object.keys(item).filter((k) => ["get", "put", "post", "delete", "patch"].includes(k)).length, 0);
console.log(`${source}: valid OpenAPI ${validator.version}, ${Object.keys(resolved.paths ?? {}).length} paths, ${operations} operations`);
