// Check-in page: read QR codes with the browser's own BarcodeDetector (no third-party code).
// Where the browser lacks it, the page works with the typed code alone.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  if (!form) return;
  var input = document.getElementById("checkin-code");
  var source = document.getElementById("checkin-source");
  var start = document.getElementById("scanner-start");
  var stop = document.getElementById("scanner-stop");
  var box = document.getElementById("scanner");
  var video = document.getElementById("scanner-video");
  var result = document.getElementById("checkin-result");
  var searchForm = document.querySelector(".search-form");
  var stream = null, timer = null, last = "", lastAt = 0;

  function submit(viaCamera) {
    source.value = viaCamera ? "qr" : "code";
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  input.addEventListener("input", function () { source.value = "code"; });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === result) {
      input.value = "";
      if (!stream) input.focus();
      result.scrollIntoView({ block: "nearest", behavior: "smooth" });
      if (searchForm && event.detail.requestConfig && event.detail.requestConfig.elt &&
          event.detail.requestConfig.elt.closest("#checkin-search")) {
        searchForm.requestSubmit ? searchForm.requestSubmit() : null;
      }
    }
  });

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    document.getElementById("scanner-unsupported").hidden = false;
    return;
  }
  start.hidden = false;

  function halt() {
    if (timer) clearInterval(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    box.hidden = true;
    start.hidden = false;
  }

  start.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        box.hidden = false;
        start.hidden = true;
        return video.play();
      })
      .then(function () {
        timer = setInterval(function () {
          if (video.readyState < 2) return;
          detector.detect(video).then(function (codes) {
            if (!codes.length) return;
            var value = codes[0].rawValue;
            var now = Date.now();
            // The same ticket stays in front of the camera for a while: read it once.
            if (value === last && now - lastAt < 4000) return;
            last = value; lastAt = now;
            input.value = value;
            if (navigator.vibrate) navigator.vibrate(80);
            submit(true);
          }).catch(function () {});
        }, 300);
      })
      .catch(function () {
        halt();
        document.getElementById("scanner-unsupported").hidden = false;
      });
  });
  stop.addEventListener("click", halt);
  window.addEventListener("pagehide", halt);
})();
