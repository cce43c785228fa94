"""Owner rights as Wagtail page permissions: moved to directory.ownership (the plugins grant them too)."""

from directory.ownership import grant_ownership, owner_group, owner_group_name, revoke_ownership  # noqa: F401
