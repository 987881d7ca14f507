"""``storytrace serve``: the web workspace and the HTTP API over one store.

The pages (``pages``) and the JSON API under ``/api/v1`` (``api``) read the store through
the same functions the command line uses (``storytrace.store``, ``storytrace.story_view``);
``app`` puts them together with the error shape, the security headers and the limits.
"""
