// The platforms' own counters, for tests/test_counting_differential.py.
// Each line on stdin is a JSON array of strings; each line out is the JSON array of their
// results, so one Node process serves every batch. Versions are pinned in package.json.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
const twitter = require("twitter-text");
const { RichText } = require("@atproto/api");

function installed(name) {
  const here = new URL(`node_modules/${name}/package.json`, import.meta.url);
  return JSON.parse(readFileSync(here, "utf8")).version;
}

// twitter-text reports UTF-16 offsets; Python indexes by code point.
function spans(text, entities) {
  const at = (i) => [...text.slice(0, i)].length;
  return entities.map((e) => [at(e.indices[0]), at(e.indices[1])]);
}

function measure(text) {
  const tweet = twitter.parseTweet(text);
  return {
    x: tweet.weightedLength,
    x_valid: tweet.valid,
    x_urls: spans(text, twitter.extractUrlsWithIndices(text)),
    urls_with_protocol: spans(
      text,
      twitter.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false }),
    ),
    bluesky: new RichText({ text }).graphemeLength,
  };
}

const versions = {
  node: process.versions.node,
  icu: process.versions.icu,
  unicode: process.versions.unicode,
  "twitter-text": installed("twitter-text"),
  "@atproto/api": installed("@atproto/api"),
};
process.stdout.write(JSON.stringify(versions) + "\n");
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  process.stdout.write(JSON.stringify(JSON.parse(line).map(measure)) + "\n");
});
