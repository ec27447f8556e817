// Progressive enhancement only: the page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    const input = document.getElementById(button.dataset.copyTarget);
    const status = button.parentElement.querySelector(".copy-status");
    if (!input || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(input.value);
      if (status) status.textContent = status.dataset.copiedText;
    });
  });
  // "Copy link" is a plain link to the page; with a clipboard it copies the address instead.
  document.querySelectorAll("[data-copy-link]").forEach((link) => {
    if (!navigator.clipboard) return;
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      await navigator.clipboard.writeText(link.href);
      link.textContent = link.dataset.copiedText;
    });
  });
});
