"""The small shared kernel of the platform's plugins (directory, fundraising and its sub-apps).

No page models and no knowledge of the host project: only infrastructure every plugin needs once.
"""
