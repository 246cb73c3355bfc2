// Load a graphkit export the way Gephi Lite does and print what arrived, as graphology's JSON.
// Usage: node read.js gexf FILE.gexf | node read.js graphology FILE.json
// GEXF goes through graphology-gexf's parser (Gephi Lite's), strictly: every attribute must be
// declared and every edge's ends must be nodes. graphology JSON goes through Graph.from.
"use strict";
const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const [format, path] = process.argv.slice(2);
const text = fs.readFileSync(path, "utf8");
let graph;
if (format === "gexf") {
  graph = gexf.parse(Graph, text);
} else if (format === "graphology") {
  graph = Graph.from(JSON.parse(text));
} else {
  throw new Error(`unknown format ${format} (gexf or graphology)`);
}
const out = graph.export();
out.type = graph.type;
out.multi = graph.multi;
process.stdout.write(JSON.stringify(out));
