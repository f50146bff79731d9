// The check-in door: the camera reads a participant's QR code (html5-qrcode) and the
// code goes into the same form a steward can type into, sent with htmx.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("start-camera");
  const box = document.getElementById("qr-reader");
  if (!button || !box || typeof Html5Qrcode === "undefined") return;
  const form = document.getElementById(box.dataset.scanForm);
  const input = form.querySelector("input[name=code]");
  let last = "";
  let lastAt = 0;
  button.addEventListener("click", () => {
    box.hidden = false;
    button.hidden = true;
    const reader = new Html5Qrcode("qr-reader");
    reader.start({ facingMode: "environment" }, { fps: 8, qrbox: 220 }, (text) => {
      const now = Date.now();
      // The same code stays in front of the camera for a while: send it once.
      if (text === last && now - lastAt < 4000) return;
      last = text;
      lastAt = now;
      input.value = text;
      form.requestSubmit();
    }).catch(() => {
      box.hidden = true;
      button.hidden = false;
      button.disabled = true;
    });
  });
});
