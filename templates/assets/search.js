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
