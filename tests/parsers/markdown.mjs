// Renders a Markdown report with markdown-it as editors' previews configure
// it (VS Code: linkify on, fuzzy links included) and prints the links it made and the HTML, as
// JSON for tests/outside.rs to judge.
// usage: node markdown.mjs FILE.md
import { readFileSync } from "node:fs";
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: true, linkify: true });
// Bare domains, addresses and IPs too: linkify-it 6 leaves fuzzy links off,
// the markdown-it in VS Code's preview had them on.
md.linkify.set({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true });
const source = readFileSync(process.argv[2], "utf8");
const links = [];
const walk = (tokens) => {
  for (const t of tokens) {
    if (t.type === "link_open") links.push(t.attrGet("href"));
    if (t.type === "image") links.push(t.attrGet("src"));
    if (t.type === "html_inline" || t.type === "html_block") links.push(`html: ${t.content}`);
    if (t.children) walk(t.children);
  }
};
walk(md.parse(source, {}));
console.log(JSON.stringify({ links, html: md.render(source) }));
