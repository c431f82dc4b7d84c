// Which static frame of index.html the first paint shows, decided before the body is parsed: the
// chat page's (`/`, `/c/<id>`) on a device where someone is signed in, nothing elsewhere (a sign-in
// page must not flash a chat). The frame paints with the stylesheet, before the app's script has
// arrived; the app removes it when it renders its first page (app/volley-app.ts). It also applies
// the theme chosen on this device, so neither frame nor page starts in the other one. The keys are
// the ones services/session.ts and preferences/theme.ts write.
try {
  const root = document.documentElement;
  const path = location.pathname;
  if (localStorage.getItem('volley.signedIn') === '1') {
    if (path === '/') root.dataset.shell = 'list';
    else if (path.startsWith('/c/')) root.dataset.shell = 'conversation';
  }
  const theme = localStorage.getItem('volley.theme');
  if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
} catch {
  // No storage (a browser setting): no frame; the app paints as it loads.
}
