// Quiz autosave, enhancing the plain forms of templates/quiz/attempt_page.html (they work without it).
//
// Each answer is numbered (one increasing sequence per attempt) and kept in localStorage until the
// server has acknowledged it, so answers given offline survive a reload and are sent, oldest first,
// when the connection returns. The server stores each number at most once and ignores older ones.
(() => {
  "use strict";

  const RETRY_MS = 10000;
  const TEXT_DELAY_MS = 1500;

  function openStorage() {
    try {
      const storage = window.localStorage;
      storage.setItem("quiz.probe", "1");
      storage.removeItem("quiz.probe");
      return storage;
    } catch {
      const memory = new Map();
      return {
        getItem: (key) => (memory.has(key) ? memory.get(key) : null),
        setItem: (key, value) => memory.set(key, String(value)),
        removeItem: (key) => memory.delete(key),
        get length() {
          return memory.size;
        },
        key: (index) => [...memory.keys()][index] ?? null,
      };
    }
  }

  const storage = openStorage();

  function keysWithPrefix(prefix) {
    const keys = [];
    for (let index = 0; index < storage.length; index += 1) {
      const key = storage.key(index);
      if (key && key.startsWith(prefix)) keys.push(key);
    }
    return keys;
  }

  function readEntry(key) {
    try {
      return JSON.parse(storage.getItem(key));
    } catch {
      return null;
    }
  }

  function forgetFinishedAttempt() {
    const finished = document.querySelector("[data-quiz-finished]");
    if (finished) keysWithPrefix(`quiz.${finished.dataset.quizFinished}.`).forEach((key) => storage.removeItem(key));
  }

  function enhance(root) {
    const prefix = `quiz.${root.dataset.quizAttempt}.`;
    const saveUrl = root.dataset.saveUrl;
    const checkMode = root.hasAttribute("data-check-mode");
    const csrfToken = root.querySelector("input[name=csrfmiddlewaretoken]").value;
    const alertBox = root.querySelector("[data-quiz-alert]");
    const submitForm = root.querySelector("[data-quiz-submit]");
    const forms = new Map();
    root.querySelectorAll("form[data-question-key]").forEach((form) => forms.set(form.dataset.questionKey, form));
    const lastRecorded = new Map();
    const textTimers = new Map();
    let seq = Math.max(Number(storage.getItem(`${prefix}seq`)) || 0, Number(root.dataset.seqFloor) || 0);
    let flushing = null;
    let finished = false;

    const say = (name) => root.dataset[`text${name}`] || "";
    const entryKey = (questionKey) => `${prefix}q.${questionKey}`;

    function showAlert(message) {
      alertBox.textContent = message;
      alertBox.hidden = false;
    }

    // The notice about the submit button stands next to it, where the participant is looking.
    function showSubmitAlert(message) {
      const box = submitForm.querySelector("[data-submit-alert]") || alertBox;
      box.textContent = message;
      box.hidden = false;
    }

    function setState(form, state, message) {
      form.dataset.state = state;
      form.querySelector("[data-save-state]").textContent = message;
    }

    function readAnswer(form) {
      const field = form.querySelector("[name=text]");
      return {
        choice_keys: [...form.querySelectorAll("input[name=choice]:checked")].map((input) => input.value),
        text: field ? field.value : "",
      };
    }

    function writeAnswer(form, entry) {
      form.querySelectorAll("input[name=choice]").forEach((input) => {
        input.checked = entry.choice_keys.includes(input.value);
      });
      const field = form.querySelector("[name=text]");
      if (field) field.value = entry.text;
    }

    function finalise(form) {
      form.setAttribute("data-final", "");
      form.querySelector("fieldset").disabled = true;
      const button = form.querySelector("[data-save-button]");
      if (button) button.hidden = true;
    }

    function queue() {
      return keysWithPrefix(`${prefix}q.`)
        .map(readEntry)
        .filter((entry) => entry && typeof entry.seq === "number")
        .sort((a, b) => a.seq - b.seq);
    }

    function acknowledge(entry) {
      const stored = readEntry(entryKey(entry.question_key));
      if (stored && stored.seq === entry.seq) storage.removeItem(entryKey(entry.question_key));
      return !stored || stored.seq === entry.seq; // false: a newer answer to this question is queued
    }

    function record(form) {
      clearTimeout(textTimers.get(form));
      textTimers.delete(form);
      const answer = readAnswer(form);
      const fingerprint = JSON.stringify(answer);
      if (lastRecorded.get(form) === fingerprint) return;
      lastRecorded.set(form, fingerprint);
      seq += 1;
      storage.setItem(`${prefix}seq`, String(seq));
      const entry = { question_key: form.dataset.questionKey, ...answer, seq };
      storage.setItem(entryKey(entry.question_key), JSON.stringify(entry));
      setState(form, "waiting", say("Waiting"));
      flush();
    }

    function recordPendingText() {
      [...textTimers.keys()].forEach(record);
    }

    function timeIsUp(body) {
      finished = true;
      if (body.submitted) {
        window.location.reload();
        return;
      }
      showAlert(say("TimeUp"));
      submitForm.querySelector("input[name=confirm]").checked = true;
      submitForm.submit();
    }

    // Returns false when the answer should be tried again later (no connection, server trouble).
    async function send(entry) {
      const form = forms.get(entry.question_key);
      let response;
      let body;
      try {
        response = await fetch(saveUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken },
          body: JSON.stringify(entry),
        });
        body = await response.json();
      } catch {
        return false;
      }
      if (response.status >= 500 || response.status === 429) return false;
      if (response.status === 409 && (body.time_up || body.submitted)) {
        timeIsUp(body);
        return false;
      }
      const latest = acknowledge(entry);
      if (body.seq > seq) {
        seq = body.seq;
        storage.setItem(`${prefix}seq`, String(seq));
      }
      if (!form || !latest) return true;
      if (!response.ok) {
        setState(form, "refused", `${say("Refused")} ${body.error || response.status}`);
        lastRecorded.delete(form);
      } else if (typeof body.correct === "boolean") {
        setState(form, body.correct ? "correct" : "incorrect", say(body.correct ? "Correct" : "Incorrect"));
      } else if (!body.saved && body.seq > entry.seq) {
        setState(form, "superseded", say("Superseded"));
      } else {
        setState(form, "saved", say("Saved"));
      }
      if (checkMode && response.ok) finalise(form);
      return true;
    }

    // Sends the queue oldest first; it is read again after every answer, so answers given meanwhile
    // go out in the same run. Resolves false when the connection failed and answers are left.
    async function drain() {
      for (;;) {
        const [oldest] = queue();
        if (!oldest || finished) return true;
        if (!(await send(oldest))) return false;
      }
    }

    function flush() {
      if (!flushing) {
        flushing = drain().finally(() => {
          flushing = null;
        });
      }
      return flushing;
    }

    forms.forEach((form, questionKey) => {
      lastRecorded.set(form, JSON.stringify(readAnswer(form)));
      const saved = readEntry(entryKey(questionKey));
      if (saved && !form.hasAttribute("data-final")) {
        writeAnswer(form, saved); // an answer given here that has not reached the server yet
        lastRecorded.set(form, JSON.stringify(readAnswer(form)));
        setState(form, "waiting", say("Waiting"));
      } else if (saved) {
        storage.removeItem(entryKey(questionKey));
      }
      if (form.hasAttribute("data-final")) return;
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        record(form);
      });
      if (checkMode) return; // answers are checked one by one, when the participant asks
      form.querySelector("[data-save-button]").hidden = true;
      form.addEventListener("change", () => record(form));
      form.addEventListener("input", (event) => {
        if (event.target.name !== "text") return;
        clearTimeout(textTimers.get(form));
        textTimers.set(
          form,
          setTimeout(() => record(form), TEXT_DELAY_MS),
        );
      });
    });

    submitForm.addEventListener("submit", async (event) => {
      recordPendingText();
      if (finished || queue().length === 0) return;
      event.preventDefault();
      await flush();
      if (queue().length === 0) submitForm.submit();
      else if (!finished) showSubmitAlert(say("Unsent"));
    });

    const timer = root.querySelector("[data-timer]");
    if (root.dataset.remainingSeconds !== undefined) {
      const end = Date.now() + Number(root.dataset.remainingSeconds) * 1000;
      const tick = () => {
        const left = Math.max(0, Math.round((end - Date.now()) / 1000));
        timer.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
        if (left === 0 && !finished) {
          clearInterval(ticking);
          recordPendingText();
          timeIsUp({});
        }
      };
      const ticking = setInterval(tick, 1000);
      tick();
    }

    window.addEventListener("online", flush);
    setInterval(() => {
      if (queue().length) flush();
    }, RETRY_MS);
    flush();
  }

  document.addEventListener("DOMContentLoaded", () => {
    forgetFinishedAttempt();
    const root = document.querySelector("[data-quiz-attempt]");
    if (root && window.fetch) enhance(root);
  });
})();
