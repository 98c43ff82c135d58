// FAPI Kit CIBA approval page: shows a newly arrived (or vanished) request without the user reloading. Served from
// the login theme's resources (same origin, CSP script-src 'self'); asks the page's own JSON endpoint, with the
// page's session cookie, which request ids are pending, and reloads the page when they differ from those shown.
const root = document.getElementById("fapi-kit-ciba-approvals");
const INTERVAL_MS = 5000;

if (root && root.dataset.pendingUrl) {
  const shown = root.dataset.requestIds || "";
  let stopped = false;

  const check = async () => {
    if (stopped || document.hidden) return;
    try {
      const response = await fetch(root.dataset.pendingUrl, {
        credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        // signed out or the session ended: the page itself signs the user in again on the next visit
        stopped = response.status === 401 || response.status === 403;
        return;
      }
      const body = await response.json();
      if ((body.requests || []).join(" ") !== shown) {
        stopped = true;
        window.location.assign(root.dataset.pageUrl);
      }
    } catch (e) {
      // offline for a moment: try again at the next tick
    }
  };

  window.setInterval(check, INTERVAL_MS);
  document.addEventListener("visibilitychange", check);
}
