// Trunk post-build hook: minifies the JavaScript glue, puts it and the stylesheet inside the
// page, then pins the page's inline scripts and styles in its Content-Security-Policy.
//
// wasm-bindgen writes readable JavaScript, which Trunk ships as is; terser (a build-time tool,
// never shipped) makes it 1.7 KB smaller gzipped.
//
// Release builds then carry the glue and the stylesheet in index.html rather than as files of
// their own. The page can do nothing until the .wasm is compiled, and the browser compiles it
// while it downloads only once the glue has called `WebAssembly.instantiateStreaming`: with
// the glue in a file, that waited for two more responses (the glue, and the stylesheet, which
// holds back module scripts) and the download was over before compiling began. Inline, the
// loader runs as soon as the page is parsed, and the .wasm, preloaded first thing in <head>,
// is compiled as its bytes arrive. Debug builds (`trunk serve`) keep the files. The loader starts
// with V8's compile hint `//# allFunctionsCalledOnLoad`: its functions are compiled with it, while
// the .wasm downloads, not one by one inside the app's first task (other engines ignore it).
//
// Trunk's module loader is an inline <script> whose text names the hashed files, so it changes
// with every build. index.html carries 'unsafe-inline' in script-src and style-src as a
// placeholder; this hook replaces it with the SHA-256 of each inline script and style of the
// built page, so that the policy admits exactly those and nothing else. It fails the build if a
// placeholder or the policy is missing, or if the page is not as this hook expects, rather than
// ship a page with a weaker policy than intended, or one that does not start.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error("post-build: set TRUNK_STAGING_DIR (Trunk does) or pass the built directory");
  process.exit(2);
}
const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");
const release = process.env.TRUNK_PROFILE !== "debug";

function fail(message) {
  console.error(`post-build: ${file}: ${message}`);
  process.exit(1);
}

/** The start tags `<name …>` of the page, with their attributes, quoted or not (release builds
 * minify the HTML). */
function tags(name) {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, "gi"))].map((m) => {
    const attrs = {};
    for (const a of m[1].matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
      attrs[a[1].toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? "";
    }
    return { text: m[0], attrs };
  });
}

/** The file of the page that `href` names (Trunk's public URL is `/`). */
function fileOf(href) {
  const path = join(dir, decodeURIComponent(href.replace(/^\//, "")));
  if (!href.startsWith("/") || !existsSync(path)) fail(`${href} is not a file of the build`);
  return path;
}

const sha = (algorithm, text) => createHash(algorithm).update(text, "utf8").digest("base64");

const glue = {};
if (release) {
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".js"))) {
    const before = readFileSync(join(dir, name), "utf8");
    const { code } = await minify(before, { module: true, compress: true, mangle: true });
    glue[`/${name}`] = code;
    console.log(`post-build: ${name} minified, ${before.length} -> ${code.length} bytes`);
  }

  if (Object.keys(glue).length !== 1) fail("expected one JavaScript file, the glue");

  // The stylesheet, in a <style> where its <link> was.
  for (const link of tags("link").filter((t) => t.attrs.rel === "stylesheet")) {
    const path = fileOf(link.attrs.href);
    const css = readFileSync(path, "utf8");
    if (/<\/style/i.test(css)) fail(`${link.attrs.href} holds "</style", which would end its <style> early`);
    if (link.attrs.integrity && link.attrs.integrity !== `sha384-${sha("sha384", css)}`) fail(`${link.attrs.href} does not match its integrity`);
    html = html.replace(link.text, () => `<style>${css}</style>`);
    rmSync(path);
    console.log(`post-build: ${link.attrs.href} inlined, ${css.length} bytes`);
  }

  // The glue, inside Trunk's loader in place of its import: a function returns what the module
  // exported, as the loader's `init` and `bindings`.
  const loaderImport = /import init, \* as bindings from '([^']+)';/;
  const href = html.match(loaderImport)?.[1];
  if (!href || !(href in glue)) fail("Trunk's loader does not import the JavaScript glue as expected");
  const code = glue[href];
  const exported = code.match(/export\s*\{([^}]*)\}\s*;?\s*$/);
  if (!exported) fail(`${href} does not end with the one export list terser writes`);
  const entries = exported[1].split(",").map((s) => s.trim().split(/\s+as\s+/));
  if (!entries.some(([local, name]) => (name ?? local) === "default")) fail(`${href} has no default export`);
  const object = entries.map(([local, name]) => `${JSON.stringify(name ?? local)}:${local}`).join(",");
  // V8's compile hint `//# allFunctionsCalledOnLoad`, first in the script: the glue's functions
  // are nearly all called as the app starts, so V8 compiles them with the script, while the page
  // waits for the .wasm, rather than each on its first call, inside the app's first task.
  const hint = "//# allFunctionsCalledOnLoad\n";
  const inlined = `${hint}const bindings=(()=>{${code.slice(0, exported.index)}\nreturn{__proto__:null,${object}}})(),init=bindings.default;`;
  html = html.replace(loaderImport, () => inlined);
  if (![...html.matchAll(/<script type=("?)module\1>([\s\S]*?)<\/script>/g)].some((m) => m[2].startsWith(hint))) {
    fail("Trunk's loader does not start with its import of the glue: the compile hint would not come first");
  }
  for (const link of tags("link").filter((t) => t.attrs.rel === "modulepreload" && t.attrs.href === href)) {
    html = html.replace(link.text, "");
  }
  rmSync(fileOf(href));
  // Still a module that parses: anything else in the glue (an import, a second export) would
  // stop the page from starting, so it stops the build instead.
  for (const script of html.matchAll(/<script type=("?)module\1>([\s\S]*?)<\/script>/g)) {
    await minify(script[2], { module: true, compress: false, mangle: false }).catch((e) => fail(`the inline loader does not parse: ${e.message}`));
  }
  console.log(`post-build: ${href} inlined into Trunk's loader`);

  // The .wasm preload first, right after the policy that covers it: the download starts as soon
  // as the parser sees the page's head.
  const wasm = tags("link").filter((t) => t.attrs.rel === "preload" && t.attrs.href?.endsWith(".wasm"));
  const policy = html.match(/<meta\b[^>]*\bhttp-equiv=("?)Content-Security-Policy\1[^>]*>/i)?.[0];
  if (wasm.length !== 1 || !policy) fail("expected one .wasm preload and a Content-Security-Policy <meta>");
  html = html.replace(wasm[0].text, "").replace(policy, () => policy + wasm[0].text);
}

const inline = (element) => [...html.matchAll(new RegExp(`<${element}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${element}>`, "g"))].map((m) => m[1]);
const hashes = (texts) => texts.map((text) => `'sha256-${sha("sha256", text)}'`);
const scripts = hashes(inline("script"));
const styles = hashes(inline("style"));
if (scripts.length === 0) fail("no inline script to pin");

// The policy's <meta>, whatever the order and quoting of its attributes (release builds are
// minified), and its content attribute, which holds quotes and so keeps its own.
const tag = html.match(/<meta\b[^>]*\bhttp-equiv=("?)Content-Security-Policy\1[^>]*>/i)?.[0];
const content = tag?.match(/\bcontent="([^"]*)"/)?.[1];
for (const directive of ["script-src", "style-src"]) {
  if (!content || !new RegExp(`${directive} [^;]*'unsafe-inline'`).test(content)) {
    fail(`no Content-Security-Policy with 'unsafe-inline' in ${directive} to replace`);
  }
}
const pin = (text, directive, list) => text.replace(new RegExp(`(${directive} [^;]*?) ?'unsafe-inline'`), (_, head) => [head, ...list].join(" "));
const pinned = pin(pin(content, "script-src", scripts), "style-src", styles);
writeFileSync(file, html.replace(tag, tag.replace(`content="${content}"`, `content="${pinned}"`)));
console.log(`post-build: script-src pins ${scripts.length} inline script(s), style-src ${styles.length} inline style(s)`);
