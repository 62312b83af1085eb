// Material uploads of the web channel (servicenet/webchannel/materials.py): each chosen file is hashed
// (sha256, its name on the network) and sent with tus-js-client to the form's data-materials endpoint in
// 1 MiB chunks; a dropped link is retried and resumed where the network stands (also after a reload).
// The form's hidden "attachments" field lists what is complete.
(function () {
  "use strict";
  var form = document.querySelector("form[data-materials]");
  if (!form) return;
  var field = form.querySelector("input[name=attachments]");
  var done = {};
  var busy = 0;

  function save() {
    field.value = JSON.stringify(Object.keys(done).map(function (slot) { return done[slot]; }));
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function tooBig(most) {
    return "文件过大（每份不超过" + Math.floor(most / 1048576) + "MB），请压缩或分页扫描后重新选择。";
  }

  function say(status, text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "muted";
  }

  form.querySelectorAll("input[type=file][data-slot]").forEach(function (input) {
    var slot = input.getAttribute("data-slot");
    var status = document.getElementById(input.id + "-status");
    input.addEventListener("change", function () {
      var file = input.files[0];
      delete done[slot];
      save();
      if (!file) return;
      if (!window.tus || !window.crypto || !window.crypto.subtle) {
        say(status, "此浏览器不支持在线上传材料，请在受理时交验。", true);
        return;
      }
      var most = parseInt(form.getAttribute("data-max-bytes"), 10);
      if (most && file.size > most) {  // the network refuses it (413): say why now, not "the network was cut"
        say(status, tooBig(most), true);
        return;
      }
      busy += 1;
      say(status, "正在准备上传…");
      file.arrayBuffer().then(function (bytes) {
        return window.crypto.subtle.digest("SHA-256", bytes);
      }).then(function (digest) {
        var sha = hex(digest);
        var upload = new window.tus.Upload(file, {
          endpoint: form.getAttribute("data-materials"),
          chunkSize: 1024 * 1024,
          retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
          uploadDataDuringCreation: true,
          removeFingerprintOnSuccess: true,
          metadata: { sha256: sha, filename: file.name, filetype: file.type || "application/octet-stream" },
          onProgress: function (sent, total) {
            say(status, "已上传 " + Math.floor((sent * 100) / total) + "%");
          },
          onError: function (error) {
            busy -= 1;
            var answer = error && error.originalResponse;
            say(status, answer && answer.getStatus() === 413 ? tooBig(most) :
                "上传中断，请检查网络后重新选择文件（已上传的部分会接着传）。", true);
          },
          onSuccess: function () {
            busy -= 1;
            done[slot] = { slot: slot, sha256: sha, size: file.size,
                           media_type: file.type || "application/octet-stream" };
            save();
            say(status, "已上传");
            status.setAttribute("data-sha256", sha);
          }
        });
        return upload.findPreviousUploads().then(function (previous) {
          if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
          upload.start();
        });
      }).catch(function () {
        busy -= 1;
        say(status, "无法读取该文件，请重新选择。", true);
      });
    });
  });

  // 法人 forms: the letter of authorisation is asked for only while 授权代理人 is the chosen role; a letter
  // uploaded before the role changed back is dropped from the list.
  var letter = document.getElementById("agent-letter");
  var role = letter && form.querySelector("[name='" + letter.getAttribute("data-role-field") + "']");
  function showLetter() {
    var wanted = role.value === letter.getAttribute("data-role-choice");
    letter.hidden = !wanted;
    var input = letter.querySelector("input[type=file]");
    var slot = input.getAttribute("data-slot");
    if (!wanted && done[slot]) {
      delete done[slot];
      input.value = "";
      save();
    }
  }
  if (role) {
    role.addEventListener("change", showLetter);
    showLetter();
  }

  form.addEventListener("submit", function (event) {
    if (busy > 0 && (!event.submitter || event.submitter.id !== "send-code")) {
      event.preventDefault();
      window.alert("材料仍在上传，请稍候再提交。");
    }
  });
})();
