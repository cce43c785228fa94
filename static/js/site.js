/* Progressive enhancement for the site chrome. Everything works without this file. */
(function () {
    "use strict";

    // The phone menu is a <details>: close it with Escape or a click/tap outside, and return focus to its toggle.
    var menus = document.querySelectorAll("details[data-menu]");
    function closeMenu(menu, restoreFocus) {
        if (!menu.open) return;
        menu.open = false;
        if (restoreFocus) {
            var summary = menu.querySelector("summary");
            if (summary) summary.focus();
        }
    }
    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") return;
        menus.forEach(function (menu) {
            if (menu.open && menu.contains(document.activeElement)) closeMenu(menu, true);
            else closeMenu(menu, false);
        });
    });
    document.addEventListener("click", function (event) {
        menus.forEach(function (menu) {
            if (!menu.contains(event.target)) closeMenu(menu, false);
        });
    });
})();
