// One small status region for what is new, instead of the whole board as a live
// region: "Nyt kort i Hvad går godt?: …", "Mødelederen viser: …". A screen reader
// hears each thing once; several things close together are said together, at most
// one update per QUIET_MS, so a busy moment in the meeting is not a flood.
"use strict";

window.TavleAnnounce = (function () {
  const QUIET_MS = 1500;
  const MAX_LINES = 3;

  // region: an element with role="status"; more(n): the words for "and n more".
  function Announcer(region, more) {
    this.region = region;
    this.more = more;
    this.queue = [];
    this.timer = null;
  }

  // first: said before what is already waiting (what the facilitator shows now must
  // not end up in "and n more" behind a busy moment's new cards).
  Announcer.prototype.say = function (text, first) {
    if (!text) return;
    if (first) this.queue.unshift(text);
    else this.queue.push(text);
    if (!this.timer) this.flush();
  };

  Announcer.prototype.flush = function () {
    this.timer = null;
    if (!this.queue.length) return;
    const lines = this.queue.splice(0);
    let text = "";
    for (const line of lines.slice(0, MAX_LINES)) text += (text ? (/[.!?…]$/.test(text) ? " " : ". ") : "") + line;
    if (lines.length > MAX_LINES) text += " (" + this.more(lines.length - MAX_LINES) + ")";
    this.region.textContent = text;
    this.timer = window.setTimeout(() => this.flush(), QUIET_MS);
  };

  // Leaving the meeting: nothing more to say.
  Announcer.prototype.forget = function () {
    window.clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.region.textContent = "";
  };

  return { Announcer: Announcer, QUIET_MS: QUIET_MS };
})();
