// Trunk post-build hook: minifies the JavaScript glue, then pins the page's inline scripts in
// its Content-Security-Policy.
//
// wasm-bindgen writes readable JavaScript, which Trunk ships as is; terser (a build-time tool,
// never shipped) makes it 1.7 KB smaller gzipped, and the glue's subresource-integrity hashes in
// index.html are recomputed to match.
//
// Trunk's module loader is an inline <script> whose text names the hashed files, so it changes
// with every build. index.html carries 'unsafe-inline' in script-src as a placeholder; this hook
// replaces it with the SHA-256 of each inline script of the built page, so that the policy
// admits exactly the loader and nothing else. It fails the build if the placeholder or the
// policy is missing, rather than ship a page with a weaker policy than intended.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error("post-build: set TRUNK_STAGING_DIR (Trunk does) or pass the built directory");
  process.exit(2);
}
const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");

if (process.env.TRUNK_PROFILE !== "debug") {
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".js"))) {
    const path = join(dir, name);
    const before = readFileSync(path, "utf8");
    const { code } = await minify(before, { module: true, compress: true, mangle: true });
    writeFileSync(path, code);
    const sri = (text) => `sha384-${createHash("sha384").update(text, "utf8").digest("base64")}`;
    html = html.replaceAll(sri(before), sri(code));
    console.log(`post-build: ${name} minified, ${before.length} -> ${code.length} bytes`);
  }
}

const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length === 0) {
  console.error(`post-build: ${file} has no inline script to pin`);
  process.exit(1);
}
const hashes = inline.map((text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`);

// The policy's <meta>, whatever the order and quoting of its attributes (release builds are
// minified), and its content attribute, which holds quotes and so keeps its own.
const tag = html.match(/<meta\b[^>]*\bhttp-equiv=("?)Content-Security-Policy\1[^>]*>/i)?.[0];
const content = tag?.match(/\bcontent="([^"]*)"/)?.[1];
if (!content || !/script-src [^;]*'unsafe-inline'/.test(content)) {
  console.error(`post-build: ${file} has no Content-Security-Policy with 'unsafe-inline' in script-src to replace`);
  process.exit(1);
}
const pinned = content.replace(/(script-src [^;]*)'unsafe-inline'/, `$1${hashes.join(" ")}`);
writeFileSync(file, html.replace(tag, tag.replace(`content="${content}"`, `content="${pinned}"`)));
console.log(`post-build: script-src pins ${hashes.length} inline script(s): ${hashes.join(" ")}`);
