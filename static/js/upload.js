/* An upload that survives a slow connection. On a form marked data-upload:
   - a photo chosen in a file input marked data-shrink (JPEG, PNG or WebP) whose longest
     side is over 1,600 px, or which weighs over 1 MB, is redrawn in the browser at 1,600 px
     at most (turned as the camera held it) and put back in the input as a JPEG: a 4 MB
     phone photo leaves as about 300 KB;
   - the form is sent in the background, with a progress bar saying how much has gone;
   - the server's answer is shown as if the form had been sent normally: the activity's
     page after a redirect, or the page with the form's message when the file was refused;
   - when the connection drops, a message says so and the file stays chosen, to send again.
   On any other form, a file input marked data-shrink and multiple (the activity form's
   photos, sent with the form as usual, or kept on the phone by the outbox when there is
   no connection): each photo chosen is made smaller at once, in the input itself, and
   the form waits for that before it is sent.
   The server checks every file as before (type, size, an image that decodes), whatever
   the browser did. Progressive enhancement: without this script, or where the browser
   cannot redraw the photo, the form is sent as it is. */
(function () {
  "use strict";
  var LONGEST_SIDE = 1600;
  var HEAVY = 1024 * 1024; /* bytes: a lighter photo within 1,600 px is sent as it is */
  var QUALITY = 0.82;
  var SHRINKABLE = ["image/jpeg", "image/png", "image/webp"];

  function canShrink() {
    return Boolean(window.createImageBitmap && window.HTMLCanvasElement &&
      HTMLCanvasElement.prototype.toBlob);
  }

  /* A JPEG of at most LONGEST_SIDE px, or null when the file is best sent as it is. */
  function shrink(file) {
    if (!canShrink() || SHRINKABLE.indexOf(file.type) === -1) {
      return Promise.resolve(null);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var longest = Math.max(bitmap.width, bitmap.height);
      if (longest <= LONGEST_SIDE && file.size <= HEAVY) {
        bitmap.close();
        return null;
      }
      var scale = Math.min(1, LONGEST_SIDE / longest);
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; /* a transparent PNG becomes a JPEG on white */
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.imageSmoothingEnabled = true;
      context.imageSmoothingQuality = "high";
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(resolve, "image/jpeg", QUALITY);
      });
    }).then(function (blob) {
      if (!blob || blob.size >= file.size) { return null; }
      var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
      return new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified });
    }).catch(function () {
      return null; /* a photo the browser cannot decode: the server will say what it is */
    });
  }

  /* The smaller photo in the input itself, so that a second try sends it too. */
  function replaceFile(input, file) {
    try {
      var transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      return true;
    } catch (error) {
      return false; /* sent from the form's data instead (see send) */
    }
  }

  function localDigits(text, digits) {
    if (!digits || digits.length !== 10) { return text; }
    return String(text).replace(/[0-9]/g, function (digit) { return digits.charAt(+digit); });
  }

  /* The server's answer, shown as a page of its own: after a redirect (xhr.responseURL is
     where it led) the address becomes that page's. */
  function showAnswer(xhr, action) {
    var html = xhr.responseText;
    var landed = xhr.responseURL;
    document.open();
    document.write(html);
    document.close();
    if (landed && landed !== action && window.history.replaceState) {
      window.history.replaceState(null, "", landed);
    }
  }

  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    var input = form.querySelector("input[type=file][data-shrink]");
    if (!input) { return; }
    var box = form.querySelector("[data-upload-progress]");
    var label = form.querySelector("[data-upload-label]");
    var bar = box && box.querySelector("progress");
    var failed = form.querySelector("[data-upload-failed-message]");
    var digits = form.getAttribute("data-upload-digits");
    var pending = Promise.resolve(null); /* the smaller photo, being made */
    var smaller = null; /* the smaller photo, once made, when the input could not hold it */
    var sending = false;
    var shrinking = false;

    function say(text, percent) {
      if (!box) { return; }
      box.hidden = false;
      label.textContent = text;
      if (percent === null) {
        bar.removeAttribute("value"); /* still working, no figure yet */
      } else {
        bar.value = percent;
      }
    }

    input.addEventListener("change", function () {
      smaller = null;
      if (failed) { failed.hidden = true; }
      var file = input.files && input.files[0];
      if (!file) { pending = Promise.resolve(null); return; }
      shrinking = true;
      pending = shrink(file).then(function (photo) {
        shrinking = false;
        if (photo && input.files[0] === file && !replaceFile(input, photo)) {
          smaller = photo;
        }
        return photo;
      });
    });

    function send() {
      var file = smaller || (input.files && input.files[0]);
      var data = new FormData(form);
      if (smaller) { data.set(input.name, smaller, smaller.name); }
      var template = form.getAttribute(
        file && /^image\//.test(file.type) ? "data-upload-photo" : "data-upload-file"
      ) || "{percent} %";
      var action = form.action;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", action);
      xhr.setRequestHeader("Accept", "text/html");
      xhr.upload.addEventListener("progress", function (event) {
        if (!event.lengthComputable) { return; }
        var percent = Math.floor((event.loaded / event.total) * 100);
        say(template.replace("{percent}", localDigits(percent, digits)), percent);
      });
      xhr.addEventListener("load", function () { showAnswer(xhr, action); });
      function lost() {
        sending = false;
        if (box) { box.hidden = true; }
        if (failed) {
          failed.textContent = form.getAttribute("data-upload-failed") || "";
          failed.hidden = false;
        }
        /* static/js/sending.js gives the button back */
        form.dispatchEvent(new CustomEvent("portal:send-failed"));
      }
      xhr.addEventListener("error", lost);
      xhr.addEventListener("timeout", lost);
      xhr.addEventListener("abort", lost);
      say(template.replace("{percent}", localDigits(0, digits)), 0);
      xhr.send(data);
    }

    form.addEventListener("submit", function (event) {
      /* A second tap while the first is on its way (static/js/sending.js stops it). */
      if (event.defaultPrevented || sending) { event.preventDefault(); return; }
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      event.preventDefault();
      sending = true;
      if (failed) { failed.hidden = true; }
      if (shrinking) { say(form.getAttribute("data-upload-shrinking") || "", null); }
      pending.then(send, send);
    });
  });

  document.querySelectorAll("form:not([data-upload]) input[type=file][data-shrink][multiple]")
    .forEach(function (input) {
      var form = input.form;
      var pending = null;
      input.addEventListener("change", function () {
        var files = Array.prototype.slice.call(input.files || []);
        if (!files.length || !canShrink()) { return; }
        input.setAttribute("aria-busy", "true");
        pending = Promise.all(files.map(function (file) {
          return shrink(file).then(function (smaller) { return smaller || file; });
        })).then(function (chosen) {
          try {
            var transfer = new DataTransfer();
            chosen.forEach(function (file) { transfer.items.add(file); });
            input.files = transfer.files;
          } catch (error) { /* sent as chosen */ }
        }).then(function () {
          input.removeAttribute("aria-busy");
          pending = null;
        });
      });
      if (!form) { return; }
      form.addEventListener("submit", function (event) {
        if (!pending) { return; }
        event.preventDefault(); /* once the photos are smaller, the same button again */
        var submitter = event.submitter;
        pending.then(function () {
          if (typeof form.requestSubmit === "function") { form.requestSubmit(submitter || undefined); }
          else { form.submit(); }
        });
      }, true);
    });
})();
