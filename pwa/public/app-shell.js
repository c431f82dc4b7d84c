// Shows the chat page's frame on a device signed in (styles/app-shell.css) and the theme chosen here, before the first paint.
try {
  const root = document.documentElement;
  if (localStorage.getItem('volley.signedIn') === '1') {
    if (location.pathname === '/') root.dataset.shell = 'list';
    else if (location.pathname.startsWith('/c/')) root.dataset.shell = 'conversation';
  }
  const theme = localStorage.getItem('volley.theme');
  if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
} catch {}
