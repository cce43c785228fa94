// The regular week grid without round trips: "add a period" clones an empty slot, "remove" empties and hides one,
// "copy to Monday–Friday" copies a day's periods. Without this script the same buttons submit the form (see
// owners/hours_forms.py); the posted data is the same either way: one formset row per period, empty rows ignored.
(function () {
  "use strict";
  var WORKDAYS = ["0", "1", "2", "3", "4"];

  function setUp(root) {
    var prefix = root.dataset.prefix;
    var maxPerDay = parseInt(root.dataset.maxPerDay, 10) || 6;
    var total = root.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var maxForms = parseInt(root.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]').value, 10);
    var template = root.querySelector("template[data-slot-template]");
    var status = root.querySelector("[data-week-status]");

    function announce(text) { status.textContent = text; }
    function dayName(day) { return day.querySelector("legend").textContent.trim(); }
    function visibleSlots(day) {
      return Array.prototype.filter.call(day.querySelectorAll("[data-slot]"), function (slot) { return !slot.hidden; });
    }
    function times(slot) { return slot.querySelectorAll('input[type="time"]'); }
    function isEmpty(slot) { var t = times(slot); return !t[0].value && !t[1].value; }

    function renumber(day) {
      var slots = visibleSlots(day);
      slots.forEach(function (slot, index) {
        slot.querySelectorAll("[data-slot-name]").forEach(function (name) {
          name.textContent = " (" + dayName(day) + ", " + root.dataset.slotLabel + " " + (index + 1) + ")";
        });
        slot.querySelector("[data-remove-slot]").hidden = slots.length < 2 && isEmpty(slot);
      });
      var add = day.querySelector("[data-add-slot]");
      if (add) { add.disabled = slots.length >= maxPerDay || parseInt(total.value, 10) >= maxForms; }
    }

    function addSlot(day, values) {
      var index = parseInt(total.value, 10);
      if (index >= maxForms || visibleSlots(day).length >= maxPerDay) { return null; }
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("ol");
      holder.innerHTML = html;
      var slot = holder.firstElementChild;
      slot.querySelector('input[name$="-weekday"]').value = day.dataset.weekDay;
      if (values) { times(slot)[0].value = values[0]; times(slot)[1].value = values[1]; }
      day.querySelector("[data-slots]").appendChild(slot);
      total.value = String(index + 1);
      renumber(day);
      return slot;
    }

    function removeSlot(day, slot) {
      times(slot).forEach(function (input) { input.value = ""; });
      if (visibleSlots(day).length > 1) { slot.hidden = true; }
      renumber(day);
    }

    function copyToWorkdays(source) {
      var periods = visibleSlots(source).filter(function (slot) { return !isEmpty(slot); }).map(function (slot) {
        var t = times(slot); return [t[0].value, t[1].value];
      });
      root.querySelectorAll("[data-week-day]").forEach(function (day) {
        if (day === source || WORKDAYS.indexOf(day.dataset.weekDay) === -1) { return; }
        visibleSlots(day).forEach(function (slot) { removeSlot(day, slot); });
        periods.forEach(function (period) {
          var slots = visibleSlots(day).filter(isEmpty);
          var slot = slots[0] || addSlot(day);
          if (!slot) { return; }
          times(slot)[0].value = period[0];
          times(slot)[1].value = period[1];
        });
        renumber(day);
      });
      announce(root.dataset.copiedLabel.replace("%s", dayName(source)));
    }

    root.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !root.contains(button)) { return; }
      var day = button.closest("[data-week-day]");
      if (button.hasAttribute("data-add-slot")) {
        event.preventDefault();
        var slot = addSlot(day);
        if (slot) { times(slot)[0].focus(); }
      } else if (button.hasAttribute("data-remove-slot")) {
        event.preventDefault();
        var slots = visibleSlots(day);
        var position = slots.indexOf(button.closest("[data-slot]"));
        removeSlot(day, slots[position]);
        var left = visibleSlots(day);
        times(left[Math.min(position, left.length - 1)])[0].focus();
      } else if (button.hasAttribute("data-copy-day")) {
        event.preventDefault();
        copyToWorkdays(day);
      }
    });
    root.addEventListener("input", function (event) {
      var day = event.target.closest("[data-week-day]");
      if (day) { renumber(day); }
    });
    // Spare empty slots are for the page without JavaScript; here "add a period" makes new ones when needed.
    root.querySelectorAll("[data-week-day]").forEach(function (day) {
      var slots = visibleSlots(day);
      var filled = slots.filter(function (slot) { return !isEmpty(slot); });
      slots.forEach(function (slot) {
        if (isEmpty(slot) && (filled.length || slot !== slots[0]) && !slot.classList.contains("field--invalid")) { slot.hidden = true; }
      });
      renumber(day);
    });
  }

  document.querySelectorAll("[data-week-hours]").forEach(setUp);
})();
