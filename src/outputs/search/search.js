// Search for monazite sites: runs in the browser against the index that
// `monazite build` writes under /search/ (see docs/search.md). No framework,
// no third-party service: it fetches the manifest, then only the chunks a
// query needs.
"use strict";
(function () {
  // ---- Words: the same rules as src/outputs/search/text.rs ----------------
  // Change these together with the Rust side; a unit test there compares the
  // two tables below, and the browser test runs the shared word list.
  var FOLD_TABLE = "àa áa âa ãa äa åa æae çc èe ée êe ëe ìi íi îi ïi ðd ñn òo óo ôo õo öo øo ùu úu ûu üu ýy þth ÿy ßss āa ăa ąa ćc ĉc ċc čc ďd đd ēe ĕe ėe ęe ěe ĝg ğg ġg ģg ĥh ħh ĩi īi ĭi įi ıi ĳij ĵj ķk ĺl ļl ľl ŀl łl ńn ņn ňn ŉn ŋn ōo ŏo őo œoe ŕr ŗr řr śs ŝs şs šs ţt ťt ŧt ũu ūu ŭu ůu űu ųu ŵw ŷy źz żz žz ſs";
  var STOP_WORDS = "about after also an and are as at be been but by can could did do does for from had has have he her his how if in into is it its may more most not of on or our out over she so such than that the their them then there these they this those to under up was we were what when where which while who will with would you your";
  var MAX_WORD_CHARS = 32;

  // src/outputs/search/query.rs: the same
  var PREFIX_MIN_CHARS = 3;
  var PREFIX_MAX_FILES = 3;
  var FORMAT_VERSION = 2;
  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 150;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  var foldOf = new Map();
  FOLD_TABLE.split(" ").forEach(function (pair) {
    var letter = String.fromCodePoint(pair.codePointAt(0));
    foldOf.set(letter, pair.slice(letter.length));
  });
  var stopWords = new Set(STOP_WORDS.split(" "));
  // Rust's char::is_alphanumeric: Alphabetic or Numeric.
  var WORD_CHAR = /^[\p{Alphabetic}\p{N}]$/u;
  var ASCII_WORD_CHAR = /^[A-Za-z0-9]$/;

  function isWordChar(c) {
    return c !== undefined && WORD_CHAR.test(c);
  }

  // Words of a text, lowercased and folded (for_each_word in text.rs).
  function words(text) {
    var out = [];
    var word = "";
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (c.codePointAt(0) < 128) {
        if (ASCII_WORD_CHAR.test(c)) {
          word += c.toLowerCase();
          continue;
        }
        // An apostrophe inside a word joins it: "Odisha's" → "odishas".
        if (c === "'" && word && isWordChar(chars[i + 1])) continue;
        if (word) out.push(word);
        word = "";
        continue;
      }
      if (c === "\u2019" && word && isWordChar(chars[i + 1])) continue;
      var any = false;
      Array.from(c.toLowerCase()).forEach(function (lower) {
        if (foldOf.has(lower)) {
          word += foldOf.get(lower);
          any = true;
        } else if (isWordChar(lower)) {
          word += lower;
          any = true;
        }
      });
      if (!any && word) {
        out.push(word);
        word = "";
      }
    }
    if (word) out.push(word);
    return out;
  }

  // The index term of a word, or null (term_of in text.rs).
  function termOf(word) {
    var n = Array.from(word).length;
    if (n < 2 || n > MAX_WORD_CHARS || stopWords.has(word)) return null;
    return stem(word);
  }

  function strippable(w, suffixLength) {
    var rest = w.slice(0, w.length - suffixLength);
    return rest.length >= 3 && /[aeiouy]/.test(rest);
  }

  function undouble(w) {
    var n = w.length;
    if (n >= 2 && w[n - 1] === w[n - 2] && "aeioulsz".indexOf(w[n - 1]) < 0) return w.slice(0, -1);
    return w;
  }

  // The light English stemmer (stem_in_place in text.rs), step for step.
  function stem(w) {
    if (w.length < 4 || !/^[a-z]+$/.test(w)) return w;
    if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
    else if (w.endsWith("sses")) w = w.slice(0, -2);
    else if (w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("zzes")) w = w.slice(0, -2);
    else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
    if (w.endsWith("ied") && w.length > 4) w = w.slice(0, -3) + "y";
    else if (w.endsWith("ing") && strippable(w, 3)) w = undouble(w.slice(0, -3));
    else if (w.endsWith("ed") && strippable(w, 2)) w = undouble(w.slice(0, -2));
    if (w.endsWith("ly") && !w.endsWith("ply") && w.length >= 5) w = w.slice(0, -2);
    if (w.endsWith("e") && w.length >= 4) w = w.slice(0, -1);
    return w;
  }

  // Every index term of a text (terms in text.rs).
  function terms(text) {
    return words(text).map(termOf).filter(function (t) { return t !== null; });
  }

  // ---- Queries: the same steps as src/outputs/search/query.rs -------------

  // [{term, prefix}]: every word is required; the last one, while typed, is
  // also matched as the beginning of a term.
  function parseQuery(query) {
    var raw = words(query);
    var list = raw.map(function (w) { return { term: termOf(w), prefix: null }; });
    var chars = Array.from(query);
    var typing = isWordChar(chars[chars.length - 1]);
    if (typing && list.length && Array.from(raw[raw.length - 1]).length >= PREFIX_MIN_CHARS) {
      list[list.length - 1].prefix = raw[raw.length - 1];
    }
    return list.filter(function (w) { return w.term !== null || w.prefix !== null; });
  }

  function fileOf(manifest, term) {
    var files = manifest.term_files;
    if (!files.length) return -1;
    var lo = 0;
    var hi = files.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (files[mid][0] <= term) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(lo, 1) - 1;
  }

  // The document file holding document `id` (files start at doc_starts).
  function docFileOf(manifest, id) {
    var starts = manifest.doc_starts;
    var lo = 0;
    var hi = starts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= id) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(lo, 1) - 1;
  }

  function filesOfPrefix(manifest, prefix) {
    var first = fileOf(manifest, prefix);
    if (first < 0) return [];
    var last = first;
    var files = manifest.term_files;
    while (last + 1 < files.length && files[last + 1][0].startsWith(prefix)) last++;
    if (last - first + 1 > PREFIX_MAX_FILES) return [];
    var out = [];
    for (var i = first; i <= last; i++) out.push(i);
    return out;
  }

  // Posting lists (src/outputs/search/encode.rs): varints, and per list its
  // length, a Rice parameter k and the Rice codes of the gaps between ids.
  function Bytes(bytes, at) {
    this.bytes = bytes;
    this.at = at || 0;
  }

  Bytes.prototype.varint = function () {
    var value = 0;
    var scale = 1;
    var b;
    do {
      b = this.bytes[this.at++];
      value += (b & 127) * scale;
      scale *= 128;
    } while (b & 128);
    return value;
  };

  // Calls `each` with every id of the next list.
  Bytes.prototype.ids = function (each) {
    var n = this.varint();
    if (!n) return;
    var k = this.bytes[this.at++];
    var bytes = this.bytes;
    var bit = this.at * 8;
    var id = -1;
    for (var i = 0; i < n; i++) {
      var quotient = 0;
      while ((bytes[bit >> 3] >> (bit & 7)) & 1) {
        quotient++;
        bit++;
      }
      bit++;
      var low = 0;
      for (var b = 0; b < k; b++, bit++) if ((bytes[bit >> 3] >> (bit & 7)) & 1) low += Math.pow(2, b);
      id += quotient * Math.pow(2, k) + low + 1;
      each(id);
    }
    this.at = (bit + 7) >> 3;
  };

  // A term file: its terms (front-coded) and where each one's lists are.
  function TermFile(bytes) {
    var r = new Bytes(bytes);
    var count = r.varint();
    var decoder = new TextDecoder();
    var previous = new Uint8Array(0);
    var lengths = [];
    this.terms = [];
    for (var i = 0; i < count; i++) {
      var shared = r.varint();
      var rest = r.varint();
      var term = new Uint8Array(shared + rest);
      term.set(previous.subarray(0, shared));
      term.set(bytes.subarray(r.at, r.at + rest), shared);
      r.at += rest;
      this.terms.push(decoder.decode(term));
      lengths.push(r.varint());
      previous = term;
    }
    this.bytes = bytes;
    this.where = new Map();
    this.starts = [r.at];
    for (var j = 0; j < count; j++) {
      this.where.set(this.terms[j], j);
      this.starts.push(this.starts[j] + lengths[j]);
    }
  }

  // Keeps per document the best weight of `term`'s fields, times `factor`.
  TermFile.prototype.score = function (term, manifest, factor, best) {
    var i = this.where.get(term);
    var end = this.starts[i + 1];
    var r = new Bytes(this.bytes, this.starts[i]);
    for (var field = 0; r.at < end; field++) {
      var weight = manifest.weights[field] * factor;
      r.ids(function (id) {
        if (id < best.length && best[id] < weight) best[id] = weight;
      });
    }
  };

  // ---- Files ---------------------------------------------------------------

  // JSON from a file gzipped at build time (or already inflated by the host:
  // it then lacks the gzip magic bytes).
  function readJson(bytes) {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).text().then(JSON.parse);
    }
    return Promise.resolve(JSON.parse(new TextDecoder().decode(bytes)));
  }

  function Index(root) {
    this.root = root;
    this.files = new Map();
    this.manifest = null;
  }

  Index.prototype.loadManifest = function () {
    var self = this;
    if (!this.manifest) {
      this.manifest = fetch(this.root + "index.json.gz", { cache: "no-cache" })
        .then(function (r) {
          if (!r.ok) throw new Error("index.json.gz: HTTP " + r.status);
          return r.arrayBuffer();
        })
        .then(function (buffer) { return readJson(new Uint8Array(buffer)); })
        .then(function (m) {
          if (m.version !== FORMAT_VERSION) throw new Error("index format " + m.version);
          return m;
        });
      this.manifest.catch(function () { self.manifest = null; });
    }
    return this.manifest;
  };

  // A data file: a term file, the tag file's bytes, or a document file's JSON
  // (gzipped at build time; a host that already decoded it hands over plain JSON).
  Index.prototype.load = function (name) {
    var self = this;
    if (!this.files.has(name)) {
      var loading = fetch(this.root + name)
        .then(function (r) {
          if (!r.ok) throw new Error(name + ": HTTP " + r.status);
          return r.arrayBuffer();
        })
        .then(function (buffer) {
          var bytes = new Uint8Array(buffer);
          if (name[0] === "t") return new TermFile(bytes);
          if (name[0] === "g") return bytes;
          return readJson(bytes);
        });
      loading.catch(function () { self.files.delete(name); });
      this.files.set(name, loading);
    }
    return this.files.get(name);
  };

  // Ranked hits [{id, score}] for a query, within a tag (slug) if given.
  Index.prototype.search = function (manifest, query, tag) {
    var self = this;
    var list = parseQuery(query);
    var needed = new Set();
    list.forEach(function (w) {
      if (w.term !== null) {
        var file = fileOf(manifest, w.term);
        if (file >= 0) needed.add(manifest.term_files[file][1]);
      }
      if (w.prefix !== null) {
        filesOfPrefix(manifest, w.prefix).forEach(function (f) { needed.add(manifest.term_files[f][1]); });
      }
    });
    if (tag) needed.add(manifest.tag_file);
    var names = Array.from(needed);
    return Promise.all(names.map(function (n) { return self.load(n); })).then(function (loaded) {
      var chunks = new Map();
      names.forEach(function (n, i) { chunks.set(n, loaded[i]); });
      var docs = manifest.docs;
      var total = new Uint32Array(docs);
      var matched = new Uint16Array(docs);
      list.forEach(function (w) {
        var best = new Uint32Array(docs);
        if (w.term !== null) {
          var file = fileOf(manifest, w.term);
          var chunk = file >= 0 ? chunks.get(manifest.term_files[file][1]) : null;
          if (chunk && chunk.where.has(w.term)) chunk.score(w.term, manifest, 2, best);
        }
        if (w.prefix !== null) {
          filesOfPrefix(manifest, w.prefix).forEach(function (f) {
            var chunk = chunks.get(manifest.term_files[f][1]);
            chunk.terms.forEach(function (term) {
              if (term.startsWith(w.prefix)) chunk.score(term, manifest, 1, best);
            });
          });
        }
        for (var id = 0; id < docs; id++) {
          if (best[id] > 0) {
            total[id] += best[id];
            matched[id]++;
          }
        }
      });
      var allowed = null;
      if (tag) {
        allowed = new Uint8Array(docs);
        var r = new Bytes(chunks.get(manifest.tag_file));
        manifest.tags.forEach(function (known) {
          r.ids(function (id) { if (known[1] === tag && id < docs) allowed[id] = 1; });
        });
      }
      var hits = [];
      if (list.length || allowed) {
        for (var d = 0; d < docs; d++) {
          if (matched[d] === list.length && (!allowed || allowed[d])) hits.push({ id: d, score: total[d] });
        }
      }
      // Ids run newest first: ties keep that order.
      hits.sort(function (x, y) { return y.score - x.score || x.id - y.id; });
      return { hits: hits, words: list };
    });
  };

  // Records [title, path, day, author, [tags], snippet] of documents `ids`.
  Index.prototype.records = function (manifest, ids) {
    var self = this;
    return Promise.all(ids.map(function (id) {
      var file = docFileOf(manifest, id);
      return self.load(manifest.doc_files[file]).then(function (chunk) {
        return chunk[id - manifest.doc_starts[file]];
      });
    }));
  };

  // ---- The page ------------------------------------------------------------

  // A day (since 1970-01-01) as YYYY-MM-DD.
  function isoDate(day) {
    return new Date(day * 86400000).toISOString().slice(0, 10);
  }

  function shortDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  // Appends `text` to `parent`, with the words a query matched in <mark>.
  // Index data only ever becomes text nodes: never HTML.
  function appendHighlighted(parent, text, list) {
    var exact = new Set();
    var prefixes = [];
    list.forEach(function (w) {
      if (w.term !== null) exact.add(w.term);
      if (w.prefix !== null) prefixes.push(w.prefix);
    });
    var matches = function (w) {
      var term = termOf(w);
      return (term !== null && exact.has(term)) || prefixes.some(function (p) { return w.startsWith(p); });
    };
    var pattern = /[\p{Alphabetic}\p{N}]+(?:['\u2019][\p{Alphabetic}\p{N}]+)*/gu;
    var last = 0;
    var m;
    while ((m = pattern.exec(text)) !== null) {
      if (!words(m[0]).some(matches)) continue;
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.appendChild(mark);
      last = pattern.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function Page(root) {
    this.root = root;
    this.base = root.getAttribute("data-search-base") || "/";
    this.index = new Index(root.getAttribute("data-search-index"));
    // The box is the site header's, outside the page's root: one box per page.
    this.input = document.getElementById("search-q");
    this.form = this.input.form;
    this.tag = document.getElementById("search-tag");
    this.status = root.querySelector("#search-status");
    this.results = root.querySelector("#search-results");
    this.more = root.querySelector("#search-more");
    this.browse = root.querySelector("#search-browse");
    this.sequence = 0;
    this.timer = 0;
    this.current = null;
    this.shown = 0;
  }

  Page.prototype.start = function () {
    var self = this;
    var nojs = this.root.querySelector("#search-nojs");
    if (nojs) nojs.hidden = true;
    var params = new URLSearchParams(location.search);
    this.input.value = params.get("q") || "";
    if (this.tag) {
      var wanted = params.get("tag") || "";
      if (Array.from(this.tag.options).some(function (o) { return o.value === wanted; })) this.tag.value = wanted;
    }
    this.input.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.run(); }, DEBOUNCE_MS);
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(self.timer);
      self.run();
    });
    if (this.tag) this.tag.addEventListener("change", function () { self.run(); });
    this.more.addEventListener("click", function () { self.showMore(true); });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = self.results.querySelector("a.search-result__link");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    this.results.addEventListener("keydown", function (event) { self.moveFocus(event); });
    if (this.input.value || (this.tag && this.tag.value)) this.run();
  };

  // Arrow keys move between results; up from the first goes back to the input.
  Page.prototype.moveFocus = function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.from(this.results.querySelectorAll("a.search-result__link"));
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    var next = at + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0) this.input.focus();
    else if (next < links.length) links[next].focus();
  };

  Page.prototype.selectedTag = function () {
    return this.tag ? this.tag.value : "";
  };

  Page.prototype.remember = function (query, tag) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (tag) params.set("tag", tag);
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  };

  Page.prototype.run = function () {
    var self = this;
    var query = this.input.value;
    var tag = this.selectedTag();
    var sequence = ++this.sequence;
    this.remember(query.trim(), tag);
    if (!query.trim() && !tag) {
      this.current = null;
      this.results.hidden = true;
      this.results.replaceChildren();
      this.more.parentNode.hidden = true;
      this.status.textContent = "";
      this.browse.hidden = false;
      return Promise.resolve();
    }
    this.results.setAttribute("aria-busy", "true");
    return this.index.loadManifest()
      .then(function (manifest) {
        return self.index.search(manifest, query, tag).then(function (found) {
          if (sequence !== self.sequence) return null;
          self.current = { manifest: manifest, hits: found.hits, words: found.words, query: query.trim(), tag: tag };
          self.shown = 0;
          self.results.replaceChildren();
          return self.showMore(false);
        });
      })
      .catch(function () {
        if (sequence !== self.sequence) return;
        self.results.hidden = true;
        self.more.parentNode.hidden = true;
        self.browse.hidden = false;
        self.status.textContent = "Search is not available right now. Browse by topic or the archive instead.";
      })
      .then(function () {
        if (sequence === self.sequence) self.results.removeAttribute("aria-busy");
      });
  };

  // Renders the next page of results; `focusFirst` moves focus to the first new one.
  Page.prototype.showMore = function (focusFirst) {
    var self = this;
    var current = this.current;
    if (!current) return Promise.resolve();
    var sequence = this.sequence;
    var ids = current.hits.slice(this.shown, this.shown + PAGE_SIZE).map(function (h) { return h.id; });
    return this.index.records(current.manifest, ids).then(function (records) {
      if (sequence !== self.sequence) return;
      var firstNew = null;
      records.forEach(function (record) {
        var item = self.renderResult(current, record);
        self.results.appendChild(item);
        if (!firstNew) firstNew = item.querySelector("a");
      });
      self.shown += records.length;
      self.results.hidden = current.hits.length === 0;
      self.browse.hidden = current.hits.length > 0;
      self.more.parentNode.hidden = self.shown >= current.hits.length;
      self.status.textContent = self.describe(current);
      if (focusFirst && firstNew) firstNew.focus();
    });
  };

  Page.prototype.describe = function (current) {
    var n = current.hits.length;
    var count = n === 0 ? "No results" : n.toLocaleString("en") + (n === 1 ? " result" : " results");
    var what = current.query ? " for “" + current.query + "”" : "";
    var where = "";
    if (current.tag) {
      var option = this.tag.options[this.tag.selectedIndex];
      where = " in " + (option ? option.textContent : current.tag);
    }
    var more = n > this.shown ? ", showing " + this.shown : "";
    return count + what + where + more + ".";
  };

  Page.prototype.renderResult = function (current, record) {
    var manifest = current.manifest;
    var item = element("li", "search-result");
    var article = element("article", "card");
    var tags = record[4];
    if (tags.length) {
      var tag = manifest.tags[tags[0]];
      var kicker = element("p", "kicker");
      var tagLink = element("a", null, tag[0]);
      tagLink.href = this.base + "tags/" + encodeURIComponent(tag[1]) + "/";
      kicker.appendChild(tagLink);
      article.appendChild(kicker);
    }
    var heading = element("h2", "card__title");
    var link = element("a", "search-result__link");
    link.href = this.base + record[1];
    appendHighlighted(link, record[0], current.words);
    heading.appendChild(link);
    article.appendChild(heading);
    var meta = element("p", "card__meta");
    var iso = isoDate(record[2]);
    var time = element("time", null, shortDate(iso));
    time.setAttribute("datetime", iso);
    meta.appendChild(time);
    var dot = element("span", null, "·");
    dot.setAttribute("aria-hidden", "true");
    meta.appendChild(dot);
    meta.appendChild(element("span", "card__byline", "By " + (manifest.authors[record[3]] || "")));
    article.appendChild(meta);
    if (record[5]) {
      var snippet = element("p", "card__summary");
      appendHighlighted(snippet, record[5], current.words);
      article.appendChild(snippet);
    }
    item.appendChild(article);
    return item;
  };

  // For tests and for themes that want the same rules.
  window.monaziteSearch = { words: words, termOf: termOf, stem: stem, terms: terms, parseQuery: parseQuery };

  function start() {
    var root = document.getElementById("search");
    if (!root || !("DecompressionStream" in window)) return;
    var page = new Page(root);
    window.monaziteSearch.page = page;
    page.start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
