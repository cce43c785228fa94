// Campaign page enhancements: amount buttons, Web Share API, copy link, thank-you polling. Works without it.
(function () {
  "use strict";

  // Typing a custom amount selects "Other"; choosing a preset clears the custom amount.
  var form = document.querySelector("[data-pledge-form]");
  if (form) {
    var custom = form.querySelector("input[name=custom_amount]");
    var other = form.querySelector("input[name=amount][value=other]");
    if (custom && other) {
      custom.addEventListener("input", function () {
        if (custom.value.trim()) other.checked = true;
      });
      form.querySelectorAll("input[name=amount]").forEach(function (radio) {
        radio.addEventListener("change", function () {
          if (radio.value !== "other") custom.value = "";
          else custom.focus();
        });
      });
    }
  }

  // Choosing a reward that needs more than the chosen amount fills in its minimum as "other amount".
  if (form) {
    form.querySelectorAll("input[name=reward][data-min-cents]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        var min = parseInt(radio.dataset.minCents, 10);
        var preset = form.querySelector("input[name=amount]:checked");
        var customInput = form.querySelector("input[name=custom_amount]");
        var chosen = preset && preset.value !== "other" ? parseInt(preset.value, 10) : NaN;
        if (!customInput || (chosen && chosen >= min)) return;
        var typed = parseFloat((customInput.value || "").replace(",", "."));
        if (typed && typed * 100 >= min) return;
        var otherRadio = form.querySelector("input[name=amount][value=other]");
        if (otherRadio) otherRadio.checked = true;
        customInput.value = String(min / 100).replace(".", document.documentElement.lang === "en" ? "." : ",");
      });
    });
  }

  // "Support monthly" comes without a reward and cannot be a gift (the server refuses both): while it is chosen,
  // the reward choice and the gift part step aside, disabled so nothing of them is sent; "Once" brings them back
  // with the reward chosen before.
  if (form) {
    var monthly = form.querySelector("input[name=frequency][value=monthly]");
    var rewardChoice = form.querySelector("input[name=reward]") && form.querySelector("input[name=reward]").closest("fieldset");
    var giftPart = form.querySelector("[data-gift-details]");
    var giftBox = form.querySelector("input[name=gift]");
    var noReward = form.querySelector("input[name=reward][value='']");
    var chosenBefore = null;
    var applyFrequency = function () {
      var isMonthly = !!(monthly && monthly.checked);
      if (rewardChoice) {
        if (isMonthly && !rewardChoice.hidden) {
          chosenBefore = form.querySelector("input[name=reward]:checked");
          if (noReward) noReward.checked = true;
        } else if (!isMonthly && rewardChoice.hidden && chosenBefore && !chosenBefore.disabled) {
          chosenBefore.checked = true;
        }
        rewardChoice.hidden = isMonthly;
        rewardChoice.disabled = isMonthly;
      }
      if (giftPart) {
        if (isMonthly) {
          giftPart.open = false;
          if (giftBox) giftBox.checked = false;
        }
        giftPart.hidden = isMonthly;
        giftPart.querySelectorAll("input, textarea, select").forEach(function (field) {
          field.disabled = isMonthly;
        });
      }
      form.toggleAttribute("data-monthly-chosen", isMonthly);
    };
    if (monthly) {
      form.querySelectorAll("input[name=frequency]").forEach(function (radio) {
        radio.addEventListener("change", applyFrequency);
      });
      applyFrequency();  // a form shown again after an error keeps "monthly"
    }
  }

  // The sticky "support" bar steps aside while the form itself is on screen.
  var bar = document.querySelector(".support-bar");
  var target = document.getElementById("unterstuetzen");
  if (bar && target && "IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      bar.hidden = entries[0].isIntersecting;
    }).observe(target);
  }

  // Native share sheet where available; otherwise the plain links stay.
  document.querySelectorAll("[data-share]").forEach(function (button) {
    if (!navigator.share) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({
        title: button.dataset.shareTitle,
        text: button.dataset.shareText,
        url: button.dataset.shareUrl,
      }).catch(function () {});
    });
  });
  var status = document.querySelector("[data-copy-status]");
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copyLink).then(function () {
        if (status) status.textContent = status.dataset.copiedText;
      });
    });
  });

  // Thank-you page: poll the state until the webhook confirmed the payment, then reload once.
  var thanks = document.querySelector("[data-status-url]");
  if (thanks && (thanks.dataset.state === "pending" || thanks.dataset.state === "processing")) {
    var tries = 0;
    var poll = function () {
      tries += 1;
      fetch(thanks.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (data && data.state !== thanks.dataset.state) window.location.reload();
          else if (tries < 40) window.setTimeout(poll, Math.min(2000 + tries * 500, 10000));
        })
        .catch(function () { if (tries < 40) window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 2000);
  }
})();
