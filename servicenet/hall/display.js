// The hall display (叫号屏): follows /hall/display/events (Server-Sent Events) and speaks each new call with
// the WAV the hall node renders (/hall/speech/<call id>.wav). Falls back to polling if EventSource is missing.
(function () {
  "use strict";
  var last = null;          // the newest call id already announced
  var queue = [];           // call ids waiting to be spoken
  var voice = document.getElementById("voice");
  var speaking = false;
  window.hallDisplay = {updates: 0, spoken: [], lastState: null};

  function text(el, value) { el.textContent = value; }

  function speakNext() {
    if (speaking || !queue.length) return;
    var id = queue.shift();
    speaking = true;
    voice.src = "/hall/speech/" + id + ".wav";
    var done = function () { speaking = false; speakNext(); };
    voice.onended = done;
    voice.onerror = function () { text(document.getElementById("status"), "语音暂不可用，请留意屏幕"); done(); };
    var played = voice.play();
    if (played && played.then) {
      played.then(function () { window.hallDisplay.spoken.push(id); }, function () { done(); });
    }
  }

  function render(state) {
    window.hallDisplay.updates += 1;
    window.hallDisplay.lastState = state;
    var body = document.querySelector("#counters tbody");
    body.innerHTML = "";
    state.counters.forEach(function (c) {
      var tr = document.createElement("tr");
      var a = document.createElement("td"); text(a, c.number + " 号窗口");
      var b = document.createElement("td"); b.className = "num"; text(b, c.ticket || "—");
      tr.appendChild(a); tr.appendChild(b); body.appendChild(tr);
    });
    var list = document.getElementById("calls");
    list.innerHTML = "";
    state.calls.forEach(function (c) {
      var li = document.createElement("li"); text(li, c.number + " → " + c.counter + " 号窗口"); list.appendChild(li);
    });
    var waiting = document.getElementById("waiting");  // each business whole on a line: never "法人办事 0 / 人"
    text(waiting, "等候：");
    state.waiting.forEach(function (w) {
      var span = document.createElement("span"); span.className = "wait"; text(span, w.name + " " + w.count + " 人");
      waiting.appendChild(span);
    });
    if (state.calls.length) {
      var newest = state.calls[0];
      var now = document.getElementById("now");
      now.innerHTML = "";
      var num = document.createElement("span"); num.className = "num"; text(num, newest.number);
      now.appendChild(document.createTextNode("请 ")); now.appendChild(num);
      now.appendChild(document.createTextNode(" 号到 " + newest.counter + " 号窗口办理"));
      if (last !== null) {
        state.calls.slice().reverse().forEach(function (c) { if (c.id > last) queue.push(c.id); });
      }
      last = newest.id;
      speakNext();
    } else if (last === null) {
      last = 0;
    }
    text(document.getElementById("status"), "已连接 · " + new Date().toLocaleTimeString("zh-CN"));
  }

  function poll() {
    fetch("/hall/display/state", {cache: "no-store"}).then(function (r) { return r.json(); }).then(render)
      .catch(function () { text(document.getElementById("status"), "连接中断，正在重试…"); })
      .then(function () { setTimeout(poll, 1000); });
  }

  if (window.EventSource) {
    var es = new EventSource("/hall/display/events");
    es.onmessage = function (e) { render(JSON.parse(e.data)); };
    es.onerror = function () { text(document.getElementById("status"), "连接中断，正在重试…"); };
  } else {
    poll();
  }
  setInterval(function () {
    text(document.getElementById("clock"), new Date().toLocaleString("zh-CN", {hour12: false}));
  }, 1000);
})();
