// On a phone the dashboard menu (up to a dozen links) would fill the first screen: fold it behind its summary.
// Without JavaScript it stays open; on wider screens the summary is not shown and the menu is always open.
(function () {
  "use strict";
  var fold = document.querySelector("[data-owners-nav]");
  if (fold && window.matchMedia("(max-width: 40rem)").matches) { fold.open = false; }
})();
