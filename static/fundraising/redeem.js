// Redeem screen: scan a voucher QR code with the camera where the browser has BarcodeDetector.
// Typing the code always works; this only fills the field and submits.
(function () {
  "use strict";
  var form = document.querySelector("[data-redeem-lookup]");
  if (!form) return;
  var input = form.querySelector("input[name=code]");
  var button = form.querySelector("[data-scan-button]");
  var box = form.querySelector("[data-scanner]");
  var video = form.querySelector("[data-scanner-video]");
  var status = form.querySelector("[data-scanner-status]");
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;

  var stream = null;
  var detector = null;
  var running = false;

  function stop() {
    running = false;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    box.hidden = true;
    button.textContent = button.dataset.startLabel;
  }

  function scan() {
    if (!running) return;
    detector.detect(video).then(function (codes) {
      var found = codes.map(function (c) { return c.rawValue; }).find(function (v) {
        return /^[0-9A-Z]{4}-?[0-9A-Z]{4}-?[0-9A-Z]{4}$/i.test((v || "").trim());
      });
      if (found) {
        input.value = found.trim().toUpperCase();
        stop();
        form.submit();
      } else {
        window.requestAnimationFrame(scan);
      }
    }).catch(function () { window.setTimeout(scan, 300); });
  }

  BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") === -1) return;
    detector = new BarcodeDetector({ formats: ["qr_code"] });
    button.hidden = false;
    button.addEventListener("click", function () {
      if (running) { stop(); return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
        stream = s;
        video.srcObject = s;
        box.hidden = false;
        running = true;
        button.textContent = button.dataset.stopLabel;
        return video.play();
      }).then(scan).catch(function (error) {
        box.hidden = false;
        status.textContent = String(error && error.message ? error.message : error);
      });
    });
  });
})();
