// Trunk post-build hook: pins the page's inline scripts in its Content-Security-Policy.
//
// Trunk's module loader is an inline <script> whose text names the hashed files, so it changes
// with every build. index.html carries 'unsafe-inline' in script-src as a placeholder; this hook
// replaces it with the SHA-256 of each inline script of the built page, so that the policy
// admits exactly the loader and nothing else. It fails the build if the placeholder or the
// policy is missing, rather than ship a page with a weaker policy than intended.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error("csp-hash: set TRUNK_STAGING_DIR (Trunk does) or pass the built directory");
  process.exit(2);
}
const file = join(dir, "index.html");
const html = readFileSync(file, "utf8");

const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length === 0) {
  console.error(`csp-hash: ${file} has no inline script to pin`);
  process.exit(1);
}
const hashes = inline.map((text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`);

// The policy's <meta>, whatever the order and quoting of its attributes (release builds are
// minified), and its content attribute, which holds quotes and so keeps its own.
const tag = html.match(/<meta\b[^>]*\bhttp-equiv=("?)Content-Security-Policy\1[^>]*>/i)?.[0];
const content = tag?.match(/\bcontent="([^"]*)"/)?.[1];
if (!content || !/script-src [^;]*'unsafe-inline'/.test(content)) {
  console.error(`csp-hash: ${file} has no Content-Security-Policy with 'unsafe-inline' in script-src to replace`);
  process.exit(1);
}
const pinned = content.replace(/(script-src [^;]*)'unsafe-inline'/, `$1${hashes.join(" ")}`);
writeFileSync(file, html.replace(tag, tag.replace(`content="${content}"`, `content="${pinned}"`)));
console.log(`csp-hash: script-src pins ${hashes.length} inline script(s): ${hashes.join(" ")}`);
