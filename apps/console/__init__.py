"""The analyst console: pages served by the API app that read everything through the API itself.

Pages are shells without data (public, like the OpenAPI docs); their scripts call the same token-
protected endpoints external clients use, with the token the user signs in with. Untrusted text
(titles, snippets, feed names) is only ever set as text, and a strict Content-Security-Policy
forbids inline and foreign scripts.
"""

from apps.console.routes import PUBLIC_PAGES, mount

__all__ = ["PUBLIC_PAGES", "mount"]
