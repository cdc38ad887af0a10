// Event form: show the place fields for in-person and hybrid events, the online-room fields
// for online and hybrid ones. Without JavaScript every group stays visible.
(function () {
  var form = document.getElementById("event-form");
  if (!form) return;
  function update() {
    var checked = form.querySelector("input[name=format]:checked");
    var format = checked ? checked.value : "";
    form.querySelectorAll("[data-formats]").forEach(function (group) {
      group.hidden = format !== "" && group.dataset.formats.split(" ").indexOf(format) === -1;
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "format") update();
  });
  update();
})();
