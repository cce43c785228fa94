"""Signals the plugins send and the host listens to, so that neither imports the other.

- `public_content_changed`: something that public pages show changed outside a page publish (featured campaigns,
  campaign updates, match funds …). The host drops its public-page cache (cms.caching connects to it).
"""

from django.dispatch import Signal

public_content_changed = Signal()
