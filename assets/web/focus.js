// "Bring everyone to my view" on the tablet: when the facilitator points at a card
// or a column, the page scrolls there and outlines it for a moment, unless the
// person switched "Follow the facilitator" off (remembered on the tablet).
// A focus can overtake the op that creates its card (the host broadcasts ops only
// once they are durable), so the latest focus waits a few seconds for its card.
// Someone typing in a field is never scrolled away from it: the card is outlined at
// once, and the page goes there when they leave the field (within a minute).
"use strict";

window.TavleFocus = (function () {
  const STORAGE_KEY = "tavle.follow";
  const HIGHLIGHT_MS = 2000;
  const WAIT_FOR_CARD_MS = 8000;
  const HIGHLIGHT_CLASS = "focus-highlight";
  const WAIT_FOR_TYPING_MS = 60000;

  // A text field has the keyboard: scrolling now would take the person away from it.
  function typingIn(root) {
    const a = root.activeElement;
    if (!a) return false;
    if (a.tagName === "TEXTAREA" || a.isContentEditable) return true;
    return a.tagName === "INPUT" && !["radio", "checkbox", "button", "submit", "reset", "range", "color"].includes(a.type);
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  // root: the document; label(): the words on the highlight ("The facilitator is showing this");
  // onShow(focus, element): told each time the page shows a focus (for the status region).
  function Follower(root, label, onShow) {
    this.root = root;
    this.label = label;
    this.onShow = onShow || function () {};
    this.afterTyping = null;  // {focus, until}: where to go once the person leaves the field
    this.typingListener = null;
    let saved = null;
    try { saved = window.localStorage.getItem(STORAGE_KEY); } catch (e) { /* memory only */ }
    this.enabled = saved !== "off";  // on unless the person switched it off
    this.waiting = null;      // {cardId, column, until}: the latest focus whose card is not here yet
    this.highlighted = null;  // {cardId, column, until}: what is outlined now
    this.timer = null;
  }

  Follower.prototype.setEnabled = function (on) {
    this.enabled = !!on;
    try { window.localStorage.setItem(STORAGE_KEY, on ? "on" : "off"); } catch (e) { /* memory only */ }
    if (!on) this.forget();
  };

  // A focus from the host: {cardId or null, column or null}.
  Follower.prototype.receive = function (focus) {
    if (!this.enabled) return;
    this.waiting = { cardId: focus.cardId, column: focus.column, until: Date.now() + WAIT_FOR_CARD_MS };
    this.applyWaiting();
  };

  // After every drawing: the new DOM needs the outline again, and a waiting focus
  // may have found its card.
  Follower.prototype.afterRender = function () {
    if (this.highlighted) this.mark(this.target(this.highlighted));
    this.applyWaiting();
  };

  Follower.prototype.target = function (focus) {
    if (focus.cardId) return this.root.querySelector("#board [data-card-id=\"" + CSS.escape(focus.cardId) + "\"]");
    return focus.column ? this.root.querySelector("#board .column[data-column=\"" + CSS.escape(focus.column) + "\"]") : null;
  };

  Follower.prototype.applyWaiting = function () {
    const focus = this.waiting;
    if (!focus) return;
    if (Date.now() > focus.until) { this.waiting = null; return; }
    const element = this.target(focus);
    if (!element) return;  // the card's op has not arrived yet
    this.waiting = null;
    this.show(focus, element);
    this.onShow(focus, element);
  };

  // Outlines the element for a moment and scrolls to it, unless someone is typing.
  Follower.prototype.show = function (focus, element) {
    this.clearHighlight();
    this.highlighted = { cardId: focus.cardId, column: focus.column };
    this.mark(element);
    this.timer = window.setTimeout(() => this.clearHighlight(), HIGHLIGHT_MS);
    if (typingIn(this.root)) { this.waitForTypingToEnd(focus); return; }
    this.afterTyping = null;
    // A card goes to the middle of the screen; a column shows from its heading.
    // The CSS turns smooth scrolling off for people who asked for reduced motion.
    element.scrollIntoView({ behavior: reducedMotion() ? "auto" : "smooth", block: focus.cardId ? "center" : "start" });
  };

  // Only the latest focus waits, with one listener for the moment the field is left.
  Follower.prototype.waitForTypingToEnd = function (focus) {
    this.afterTyping = { focus: focus, until: Date.now() + WAIT_FOR_TYPING_MS };
    if (this.typingListener) return;
    this.typingListener = () => window.setTimeout(() => {
      const pending = this.afterTyping;
      if (pending && typingIn(this.root)) return;  // moved to another field: still typing
      this.root.removeEventListener("focusout", this.typingListener);
      this.typingListener = null;
      this.afterTyping = null;
      const element = pending && this.enabled && Date.now() <= pending.until ? this.target(pending.focus) : null;
      if (element) this.show(pending.focus, element);
    }, 0);
    this.root.addEventListener("focusout", this.typingListener);
  };

  Follower.prototype.mark = function (element) {
    if (!element) return;
    element.classList.add(HIGHLIGHT_CLASS);
    element.dataset.focusLabel = this.label();
  };

  // Leaving the meeting: nothing waits and nothing stays outlined.
  Follower.prototype.forget = function () {
    this.waiting = null;
    this.afterTyping = null;
    this.clearHighlight();
  };

  Follower.prototype.clearHighlight = function () {
    window.clearTimeout(this.timer);
    this.highlighted = null;
    for (const element of this.root.querySelectorAll("." + HIGHLIGHT_CLASS)) {
      element.classList.remove(HIGHLIGHT_CLASS);
      delete element.dataset.focusLabel;
    }
  };

  return { Follower: Follower, HIGHLIGHT_CLASS: HIGHLIGHT_CLASS };
})();
