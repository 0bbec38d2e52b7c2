// Small behaviours kept out of the templates (the content security policy forbids inline
// scripts and on* attributes): a <select data-autosubmit> submits its form on change.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
    el.form.submit();
  }
});
